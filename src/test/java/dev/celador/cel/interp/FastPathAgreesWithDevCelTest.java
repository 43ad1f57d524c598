package dev.celador.cel.interp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.ReviewFixtures;
import dev.celador.cel.CelEnvironment;
import dev.celador.cel.CompileOutcome;
import dev.celador.cel.CompiledExpression;
import dev.celador.cel.CostBudget;
import dev.celador.cel.ExpectedType;
import dev.celador.cel.JsonToCel;
import dev.celador.cel.LazyVariables;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path gives dev.cel's answer: each expression is evaluated by dev.cel alone and by the
 * fast path on the same input. Where the fast path answers, the value must equal dev.cel's (and
 * dev.cel must not have failed); where it cannot, it must hand over (Fallback, or what a value it
 * read threw), and the combined
 * evaluation must then give dev.cel's value or error message.
 */
class FastPathAgreesWithDevCelTest {

    private static final CelEnvironment DEV_CEL = new CelEnvironment(false);
    private static final CelEnvironment FAST = new CelEnvironment(true);
    private static final Object OBJECT = JsonToCel.convert(
            ReviewFixtures.readYaml(Path.of("src/test/resources/cel-fast-path/statefulset-with-edge-values.yaml")));

    /** Expressions the fast path must answer itself on the fixture (no fallback). */
    static Stream<String> answeredFast() {
        return Stream.of(
                "object.spec.replicas", "object.spec.replicas + 2 * 3", "object.spec.negative - 1",
                "object.spec.ratio + 0.25", "object.spec.ratio < 1.0", "object.spec.replicas >= 3",
                "object.spec.replicas == 3.0", "object.spec.replicas != 3", "1 < 2.5", "object.spec.ratio == 0.5",
                "object.spec.nothing == null", "object.spec.nothing != null", "null == null",
                "object.metadata.name", "size(object.metadata.name)", "object.metadata.name.size()",
                "size(object.spec.template.spec.containers)", "size(object.metadata.labels)",
                "object.metadata.name + '/' + object.metadata.namespace",
                "object.metadata.name.startsWith('db-')", "object.metadata.name.endsWith('字')",
                "object.metadata.name.contains('漢')", "object.metadata.name < 'zz'",
                "has(object.spec.serviceName)", "has(object.spec.missing)", "has(object.metadata.annotations.x)",
                "object.metadata.labels['app.kubernetes.io/name']", "object.spec.template.spec.containers[1].name",
                "'app' in object.metadata.labels", "'nope' in object.metadata.labels", "'ReadWriteOnce' in object.spec.volumeClaimTemplates[0].spec.accessModes",
                "3 in [1, 2, 3]", "dyn(2.0) in [1, 2, 3]", "'a' in ['b']",
                "object.spec.template.spec.containers.all(c, has(c.readinessProbe))",
                "object.spec.template.spec.containers.exists(c, c.name == 'sidecar')",
                "object.spec.template.spec.containers.exists_one(c, c.image.startsWith('post'))",
                "object.spec.template.spec.containers.map(c, c.name)",
                "object.spec.template.spec.containers.filter(c, has(c.env)).map(c, c.env.map(e, e.name))",
                "object.spec.template.spec.containers.map(c, c.name).join(', ')",
                "object.metadata.labels.map(k, k + '=' + object.metadata.labels[k])",
                "object.metadata.labels.all(k, v, k != '' && v.size() >= 0)",
                "object.spec.template.spec.containers.exists(i, c, i == 1 && c.name == 'sidecar')",
                "[1, 2, 3].map(x, x * 2).filter(x, x > 2)",
                // a list built in place by map or filter is a plain value once built: reused, it is copied
                "[[1, 2].map(x, x)].map(l, [l + [3], l + [4], l])", "[1, 2, 3].filter(x, x > 1) + [9]",
                "object.spec.template.spec.containers.map(c, c.name) + ['extra']",
                "[1, 2].map(x, [3, 4].map(y, x * y))", "[1, 2, 3].map(x, x % 2 == 0, x)",
                "[1, 2].transformList(i, v, v * 10 + i)",
                "object.spec.?replicas.orValue(1)", "object.spec.?missing.orValue('default')",
                "object.spec.?missing.?deeper.orValue(0)", "object.spec.?template.?metadata.?labels.orValue({})",
                "object.metadata.labels[?'app'].orValue('')", "object.metadata.labels[?'none'].hasValue()",
                "object.spec.template.spec.containers[?5].hasValue()", "object.spec.template.spec.containers[?0].?name.orValue('')",
                "object.spec.?replicas", "optional.none().orValue(2)", "optional.of(1).hasValue()",
                "string(object.spec.replicas)", "int('42') + 1", "double(object.spec.replicas) / 2.0",
                "object.spec.replicas / 2", "object.spec.replicas % 2", "-object.spec.replicas",
                "dyn(object.spec.replicas) == 3", "object.spec.volumeClaimTemplates[0].spec.resources.requests.storage.matches('^[0-9]+Gi$')",
                "object.metadata.name.lowerAscii()", "'  x '.trim()", "'a,b'.split(',')", "object.metadata.name.indexOf('é')",
                "quantity(object.spec.volumeClaimTemplates[0].spec.resources.requests.storage).isGreaterThan(quantity('1Gi'))",
                "isQuantity('10Gi')", "{'a': 1, 'b': object.spec.replicas}", "{'a': [1, {'b': null}]}.a[1].b == null",
                "[object.metadata.name, object.spec.replicas]", "[1, 2] + [3]", "object.spec.replicas > 2 ? 'many' : 'few'",
                "!(object.spec.replicas > 2) || object.spec.replicas == 3",
                "object.spec.template.spec.volumes.size() == 0 && object.metadata.annotations == {}",
                "object.spec.big", "object.spec.big > 0", "object.metadata.labels.empty == ''",
                "[1, 2, 3].exists(x, x == 2) && ['a'].all(s, s == 'a')",
                "request.operation == 'CREATE' && params == null",
                "variables.name + '!'", "variables.replicas * 2",
                "sets.contains([1, 2, 3], [2])", "[3, 1, 2].max()", "['a', 'b'].isSorted()",
                "url('https://example.com/x').getHost()", "ip('10.0.0.1').family()", "cidr('10.0.0.0/8').containsIP(ip('10.1.2.3'))",
                "'%s-%d'.format(['a', 1])",
                "object.spec.template.spec.containers.map(c, c.name).sum()" // a list of strings: no overload, falls back
        ).filter(e -> !e.endsWith(".sum()"));
    }

    /** Expressions dev.cel answers with an error (or that the fast path hands over): fast must fall back. */
    static Stream<String> handedToDevCel() {
        return Stream.of(
                "object.spec.missing", "object.spec.missing == 1", "object.metadata.labels['none']",
                "object.spec.template.spec.containers[7]", "object.spec.replicas / 0", "object.spec.replicas % 0",
                "object.spec.big + 1", "-9223372036854775807 - 2", "object.spec.replicas + 'x'",
                "object.spec.replicas < 'x'", "object.spec.nothing.x", "object.spec.replicas.x", "has(object.spec.replicas.x)",
                "object.metadata.name && true", "object.spec.replicas ? 1 : 2", "object.spec.missing || true",
                "true || object.spec.missing", "object.spec.missing && false", "false && object.spec.missing",
                "object.spec.?replicas.value()", "optional.none().value()", "variables.broken", "variables.broken == 1 || true",
                "[1, 2].all(x, x / 0 == 1)", "[1, 2].exists(x, x / (x - 1) == 1)", "{'a': 1, 'a': 2}",
                "type(object.spec.replicas) == int", "object.spec.template.spec.containers.map(c, c.name).sum()",
                "int('x')", "'x'.matches('[')", "quantity('not a quantity')", "dyn([1])[?'a']",
                // Answered by whichever path covers them; the values must agree either way.
                "[1, 2].transformList(i, v, v * 2)", "{'a': 1, 'b': 2}.transformMap(k, v, v + 1)",
                "[1, 2, 3].transformList(i, v, v > 1, v - i)", "object.metadata.labels.transformMap(k, v, v.size())",
                "[[1, 2], [3]].map(l, l.map(x, x + 1))", "[1, 2].map(x, [x].exists(y, y == x))",
                "{'a': 1}.exists(k, k == 'a')", "object.spec.template.spec.containers.map(c, c.name).exists_one(n, n == 'db')");
    }

    @ParameterizedTest
    @MethodSource("answeredFast")
    void fastPathAnswersWithDevCelsValue(String expression) throws Exception {
        Outcome devCel = evaluate(DEV_CEL, expression);
        CompiledExpression fast = compile(FAST, expression);
        assertThat(fast.fast()).as("fast program for %s (%s)", expression, fast.notFast()).isNotNull();
        Object value = fast.fast().evaluate(activation(FAST), null);
        assertThat(devCel.error()).as("dev.cel error for %s", expression).isNull();
        assertThat(value).as(expression).isEqualTo(devCel.value());
        assertThat(evaluate(FAST, expression)).isEqualTo(devCel);
    }

    @ParameterizedTest
    @MethodSource("handedToDevCel")
    void fastPathHandsErrorsAndUnsupportedCasesToDevCel(String expression) throws Exception {
        Outcome devCel = evaluate(DEV_CEL, expression);
        CompiledExpression fast = compile(FAST, expression);
        if (fast.fast() != null) {
            Map<String, Object> activation = activation(FAST);
            try {
                Object value = fast.fast().evaluate(activation, null);
                assertThat(devCel.error()).as("fast path answered %s where dev.cel failed", value).isNull();
                assertThat(value).as(expression).isEqualTo(devCel.value());
            } catch (RuntimeException handedOver) {
                // Fallback, or what a value threw (a failing variable): dev.cel answers; never the budget.
                assertThat(handedOver).isNotInstanceOf(CostBudget.CostLimitExceeded.class);
            }
        }
        assertThat(evaluate(FAST, expression)).as(expression).isEqualTo(devCel);
    }

    @Test
    void fastPathChargesTheBudgetAndStopsARunawayExpression() throws Exception {
        CompiledExpression e = compile(FAST, "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(a, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(b,"
                + " [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(c, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(d,"
                + " [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(f, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(g, a + b + c + d + f + g > 0))))))");
        assertThat(e.fast()).isNotNull();
        Map<String, Object> activation = activation(FAST);
        // The fast program itself stops at the limit, without handing the loop to dev.cel.
        assertThatThrownBy(() -> e.fast().evaluate(activation, new CostBudget(1_000_000, 10_000_000)))
                .isInstanceOf(CostBudget.CostLimitExceeded.class);
        CostBudget budget = new CostBudget(1_000_000, 10_000_000);
        assertThat(budget.run(() -> {
            try {
                e.evaluate(activation);
                return "finished";
            } catch (CelEvaluationException ex) {
                return ex.getMessage();
            }
        })).isEqualTo("operation cancelled: expression cost limit of 1000000 exceeded");
    }

    /** A value or an error message: what one evaluation gives. */
    record Outcome(Object value, String error) {
    }

    private static Outcome evaluate(CelEnvironment env, String expression) {
        try {
            return new Outcome(compile(env, expression).evaluate(activation(env)), null);
        } catch (CelEvaluationException | RuntimeException e) {
            return new Outcome(null, Objects.toString(e.getMessage()));
        }
    }

    private static CompiledExpression compile(CelEnvironment env, String expression) {
        CompileOutcome outcome = env.compile(expression, ExpectedType.ANY);
        assertThat(outcome.error()).as(expression).isNull();
        return outcome.expression();
    }

    private static Map<String, Object> activation(CelEnvironment env) {
        Map<String, Object> activation = new HashMap<>();
        activation.put("object", OBJECT);
        activation.put("oldObject", NullValue.NULL_VALUE);
        activation.put("request", Map.of("operation", "CREATE"));
        activation.put("params", NullValue.NULL_VALUE);
        activation.put("namespaceObject", NullValue.NULL_VALUE);
        activation.put("variables", new LazyVariables(List.of(
                new LazyVariables.Definition("name", compile(env, "object.metadata.name")),
                new LazyVariables.Definition("replicas", compile(env, "object.spec.replicas")),
                new LazyVariables.Definition("broken", compile(env, "object.spec.missing"))), activation));
        return activation;
    }
}
