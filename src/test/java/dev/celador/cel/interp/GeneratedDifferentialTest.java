package dev.celador.cel.interp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.values.NullValue;
import dev.celador.cel.CelEnvironment;
import dev.celador.cel.CompileOutcome;
import dev.celador.cel.CompiledExpression;
import dev.celador.cel.ExpectedType;
import dev.celador.cel.KubernetesVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The fast path (cel/interp) against dev.cel alone, on generated cases: well-typed expressions
 * (GeneratedExpressions) each evaluated over generated objects (GeneratedObjects); a case is one
 * expression on one object, and both must give the same value or the same error message. Seeded,
 * so a failure names the seed and case and reproduces. The suite runs a few thousand cases;
 * {@code bench/generated-differential.sh} runs the long mode (a million or more) through the
 * properties celador.generated.expressions, .objects and .seed.
 */
class GeneratedDifferentialTest {

    private static final int EXPRESSIONS = Integer.getInteger("celador.generated.expressions", 400);
    private static final int OBJECTS = Integer.getInteger("celador.generated.objects", 10);
    private static final long SEED = Long.getLong("celador.generated.seed", 20261205L);

    @Test
    void fastPathAgreesWithDevCelOnEveryGeneratedCase() {
        Map<KubernetesVersion, CelEnvironment[]> environments = new HashMap<>();
        for (KubernetesVersion v : List.of(KubernetesVersion.V1_34, KubernetesVersion.V1_37)) {
            environments.put(v, new CelEnvironment[] {new CelEnvironment(false, v), new CelEnvironment(true, v)});
        }
        GeneratedExpressions expressions = new GeneratedExpressions(SEED);
        List<Map<String, Object>> activations = new ArrayList<>();
        GeneratedObjects objects = new GeneratedObjects(SEED + 1);
        for (int i = 0; i < OBJECTS; i++) {
            activations.add(activation(objects.next()));
        }
        long cases = 0;
        long compiled = 0;
        long errors = 0;
        long fastAnswered = 0;
        List<String> disagreements = new ArrayList<>();
        List<String> notCompiled = new ArrayList<>();
        for (int e = 0; e < EXPRESSIONS; e++) {
            String expression = expressions.next();
            KubernetesVersion version = e % 2 == 0 ? KubernetesVersion.V1_37 : KubernetesVersion.V1_34;
            CompileOutcome alone = environments.get(version)[0].compile(expression, ExpectedType.ANY);
            CompileOutcome withFast = environments.get(version)[1].compile(expression, ExpectedType.ANY);
            if (!alone.ok() || !withFast.ok()) {
                if (alone.ok() != withFast.ok()) {
                    disagreements.add("compile differs for " + expression + ": " + alone.error() + " / " + withFast.error());
                }
                if (notCompiled.size() < 60) {
                    notCompiled.add(expression + " -> " + alone.error().lines().findFirst().orElse(""));
                }
                continue;
            }
            compiled++;
            CompiledExpression fast = withFast.expression();
            for (int o = 0; o < activations.size(); o++) {
                cases++;
                Outcome expected = Outcome.of(alone.expression(), activations.get(o));
                Outcome actual = Outcome.of(fast, activations.get(o));
                errors += expected.error() != null ? 1 : 0;
                if (fast.fast() != null && expected.error() == null) {
                    fastAnswered++;
                }
                if (!expected.equals(actual) && disagreements.size() < 25) {
                    disagreements.add("seed " + SEED + ", expression #" + e + " on " + version + ": " + expression
                            + "\n  object #" + o + ": " + activations.get(o).get(CelEnvironment.OBJECT)
                            + "\n  dev.cel:   " + expected + "\n  fast path: " + actual);
                }
            }
        }
        System.out.printf("generated differential: seed %d, %d expressions (%d compiled), %d cases, %d errors,"
                + " %d values with a fast program, %d disagreements%n",
                SEED, EXPRESSIONS, compiled, cases, errors, fastAnswered, disagreements.size());
        assertThat(disagreements).as("disagreements").isEmpty();
        assertThat(compiled).as("expressions that compile; some that do not: %s", notCompiled).isGreaterThan(EXPRESSIONS * 9L / 10);
        // The generator must produce mostly well-typed expressions that exercise both values and errors.
        assertThat(errors).isBetween(cases / 20, cases * 9 / 10);
        assertThat(fastAnswered).isGreaterThan(cases / 5);
    }

    /** A value or an error message. */
    record Outcome(Object value, String error) {
        static Outcome of(CompiledExpression expression, Map<String, Object> activation) {
            try {
                return new Outcome(expression.evaluate(activation), null);
            } catch (Exception | StackOverflowError e) {
                return new Outcome(null, Objects.toString(e.getMessage()));
            }
        }
    }

    private static Map<String, Object> activation(Object object) {
        Map<String, Object> activation = new HashMap<>();
        activation.put(CelEnvironment.OBJECT, object);
        activation.put(CelEnvironment.OLD_OBJECT, NullValue.NULL_VALUE);
        activation.put(CelEnvironment.REQUEST, NullValue.NULL_VALUE);
        activation.put(CelEnvironment.PARAMS, NullValue.NULL_VALUE);
        activation.put(CelEnvironment.NAMESPACE_OBJECT, NullValue.NULL_VALUE);
        activation.put(CelEnvironment.VARIABLES, Map.of());
        return activation;
    }
}
