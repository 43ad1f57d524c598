package dev.celador.cel.interp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.values.NullValue;
import dev.celador.cel.CelEnvironment;
import dev.celador.cel.CompileOutcome;
import dev.celador.cel.ExpectedType;
import dev.celador.cel.KubernetesVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each disagreement the generated differential found between the fast path and dev.cel, fixed and
 * pinned here with the value cel-go gives, on both paths.
 */
class GeneratedDisagreementsTest {

    private static final Map<String, Object> OBJECT = Map.of("spec", Map.of(
            "containers", List.of(Map.of("name", "web")),
            "selector", Map.of("app", "web")));

    /** seed 20261205, expression #105: dev.cel failed with "Ambiguous overloads for function '_[?_]'". */
    @ParameterizedTest(name = "fast path {0}")
    @ValueSource(booleans = {false, true})
    void optionalIndexOnAnOptionalOfDynIndexesWhatItHolds(boolean fast) throws Exception {
        assertThat(eval(fast, "object.spec.?containers[?5].hasValue()")).isEqualTo(false);
        assertThat(eval(fast, "object.spec.?containers[?0].?name.orValue('none')")).isEqualTo("web");
        assertThat(eval(fast, "object.spec.?selector[?'app']")).isEqualTo(Optional.of("web"));
        assertThat(eval(fast, "object.spec.?missing[?0]")).isEqualTo(Optional.empty());
        // a dyn receiver that is a plain list still takes the plain overload
        assertThat(eval(fast, "object.spec.containers[?0].?name.orValue('')")).isEqualTo("web");
    }

    private static Object eval(boolean fast, String expression) throws Exception {
        CompileOutcome outcome = new CelEnvironment(fast, KubernetesVersion.NEWEST).compile(expression, ExpectedType.ANY);
        assertThat(outcome.error()).as(expression).isNull();
        Map<String, Object> activation = new HashMap<>();
        for (String name : CelEnvironment.ALL_VARIABLES) {
            activation.put(name, NullValue.NULL_VALUE);
        }
        activation.put(CelEnvironment.OBJECT, OBJECT);
        return outcome.expression().evaluate(activation);
    }
}
