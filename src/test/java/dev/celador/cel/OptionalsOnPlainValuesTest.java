package dev.celador.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.values.NullValue;
import dev.celador.ReviewFixtures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Optional functions on a value that is not an optional, as the API server's cel-go evaluates them:
 * v0.26 (Kubernetes 1.34 to 1.36) hands back the receiver of orValue/or without evaluating the
 * argument; v0.29 (1.37) and dev.cel fail with "no such overload"; hasValue()/value() on a plain
 * value fail in both. Each case runs on dev.cel alone and with the fast path, which must agree.
 */
class OptionalsOnPlainValuesTest {

    private static final Object POD = JsonToCel.convert(
            ReviewFixtures.readYaml(Path.of("src/test/resources/cel-optionals/pod-with-requests.yaml")));
    private static final String REQUESTS = "object.spec.containers[0].resources.requests";

    static Stream<Arguments> environments() {
        return Stream.of(KubernetesVersion.V1_34, KubernetesVersion.V1_36, KubernetesVersion.V1_37)
                .flatMap(v -> Stream.of(Arguments.of(v, false), Arguments.of(v, true)));
    }

    @ParameterizedTest(name = "Kubernetes {0}, fast path {1}")
    @MethodSource("environments")
    void orValueOnAPlainMapReturnsTheMapBefore137AndFailsFrom137(KubernetesVersion version, boolean fast) {
        Outcome outcome = evaluate(version, fast, REQUESTS + ".orValue({}).cpu");
        if (version.plainValuesPassThroughOptionalOr()) {
            assertThat(outcome).isEqualTo(Outcome.value("1"));
        } else {
            assertThat(outcome.error()).contains("No matching overload for function 'orValue'");
        }
    }

    @ParameterizedTest(name = "Kubernetes {0}, fast path {1}")
    @MethodSource("environments")
    void orValueOnAPlainValueNeverEvaluatesItsArgument(KubernetesVersion version, boolean fast) {
        Outcome outcome = evaluate(version, fast, "object.metadata.name.orValue(string(1 / 0))");
        if (version.plainValuesPassThroughOptionalOr()) {
            assertThat(outcome).isEqualTo(Outcome.value("web"));
        } else {
            assertThat(outcome.error()).contains("No matching overload for function 'orValue'");
        }
    }

    @ParameterizedTest(name = "Kubernetes {0}, fast path {1}")
    @MethodSource("environments")
    void orValueOnAnAbsentFieldIsStillNoSuchKey(KubernetesVersion version, boolean fast) {
        Outcome outcome = evaluate(version, fast, "object.spec.containers[0].resources.claims.orValue([])");
        assertThat(outcome.error()).contains("key 'claims' is not present in map");
    }

    @ParameterizedTest(name = "Kubernetes {0}, fast path {1}")
    @MethodSource("environments")
    void orValueOnNullReturnsNullBefore137(KubernetesVersion version, boolean fast) {
        Outcome outcome = evaluate(version, fast, "object.spec.containers[0].resources.limits.orValue({})");
        if (version.plainValuesPassThroughOptionalOr()) {
            assertThat(outcome).isEqualTo(Outcome.value(NullValue.NULL_VALUE));
        } else {
            assertThat(outcome.error()).contains("No matching overload for function 'orValue'");
        }
    }

    @ParameterizedTest(name = "Kubernetes {0}, fast path {1}")
    @MethodSource("environments")
    void orOnAPlainMapReturnsTheMapItselfBefore137(KubernetesVersion version, boolean fast) {
        Outcome outcome = evaluate(version, fast, REQUESTS + ".or(optional.of({'cpu': '2'})).cpu");
        if (version.plainValuesPassThroughOptionalOr()) {
            assertThat(outcome).isEqualTo(Outcome.value("1"));
        } else {
            assertThat(outcome.error()).contains("No matching overload for function 'or'");
        }
    }

    @ParameterizedTest(name = "Kubernetes {0}, fast path {1}")
    @MethodSource("environments")
    void hasValueAndValueOnAPlainMapAreNoSuchOverloadOnEveryVersion(KubernetesVersion version, boolean fast) {
        assertThat(evaluate(version, fast, REQUESTS + ".hasValue()").error()).contains("No matching overload");
        assertThat(evaluate(version, fast, REQUESTS + ".value()").error()).contains("No matching overload");
    }

    @ParameterizedTest(name = "Kubernetes {0}, fast path {1}")
    @MethodSource("environments")
    void realOptionalsKeepTheirMeaningAndShortCircuit(KubernetesVersion version, boolean fast) {
        assertThat(evaluate(version, fast, "object.spec.?missing.orValue('none')")).isEqualTo(Outcome.value("none"));
        assertThat(evaluate(version, fast, "object.metadata.?name.orValue(string(1 / 0))")).isEqualTo(Outcome.value("web"));
        assertThat(evaluate(version, fast, "object.spec.?missing.or(optional.of(2)).value()")).isEqualTo(Outcome.value(2L));
        assertThat(evaluate(version, fast, "object.metadata.?name.or(optional.of('x')).value()")).isEqualTo(Outcome.value("web"));
        assertThat(evaluate(version, fast, "object.spec.?missing.orValue(1 / 0)").error()).contains("/ by zero");
        // a dyn receiver that holds an optional behaves as the optional
        assertThat(evaluate(version, fast, "dyn(object.spec.?missing).orValue('none')")).isEqualTo(Outcome.value("none"));
        assertThat(evaluate(version, fast, "dyn(object.spec.?missing).or(optional.of(3)).value()")).isEqualTo(Outcome.value(3L));
        assertThat(evaluate(version, fast, "dyn(object.metadata.?name).or(optional.of('x')).value()")).isEqualTo(Outcome.value("web"));
    }

    @ParameterizedTest(name = "Kubernetes {0}, fast path {1}")
    @MethodSource("environments")
    void aFailingReceiverKeepsItsOwnError(KubernetesVersion version, boolean fast) {
        assertThat(evaluate(version, fast, "object.spec.nothing.orValue(1)").error()).contains("key 'nothing' is not present in map");
        assertThat(evaluate(version, fast, "dyn(1 / 0).or(optional.of(1)).value()").error()).contains("/ by zero");
    }

    record Outcome(Object value, String error) {
        static Outcome value(Object value) {
            return new Outcome(value, null);
        }
    }

    private static Outcome evaluate(KubernetesVersion version, boolean fast, String expression) {
        CelEnvironment env = new CelEnvironment(fast, version);
        CompileOutcome compiled = env.compile(expression, ExpectedType.ANY);
        assertThat(compiled.error()).as(expression).isNull();
        Map<String, Object> activation = new HashMap<>();
        for (String name : List.of(CelEnvironment.OLD_OBJECT, CelEnvironment.REQUEST, CelEnvironment.PARAMS,
                CelEnvironment.NAMESPACE_OBJECT)) {
            activation.put(name, NullValue.NULL_VALUE);
        }
        activation.put(CelEnvironment.OBJECT, POD);
        activation.put(CelEnvironment.VARIABLES, Map.of());
        try {
            return Outcome.value(compiled.expression().evaluate(activation));
        } catch (Exception e) {
            return new Outcome(null, String.valueOf(e.getMessage()));
        }
    }
}
