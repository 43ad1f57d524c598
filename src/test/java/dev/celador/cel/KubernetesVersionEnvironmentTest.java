package dev.celador.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.common.values.NullValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment follows the target Kubernetes release, as the API server's versioned environment does. */
class KubernetesVersionEnvironmentTest {

    @Test
    void includesCompilesFrom137AndIsRefusedFor134WithTheReleaseThatHasIt() throws Exception {
        assertThat(eval(KubernetesVersion.V1_37, "[1, 2].includes(2.0)")).isEqualTo(true);
        assertThat(eval(KubernetesVersion.V1_37, "[1, 2].includes(3)")).isEqualTo(false);
        assertThat(eval(KubernetesVersion.V1_37, "'a'.includes('a')")).isEqualTo(true);
        assertThat(eval(KubernetesVersion.V1_37, "[[1], [2]].includes([2])")).isEqualTo(true);
        CompileOutcome old = new CelEnvironment(false, KubernetesVersion.V1_34).compile("[1, 2].includes(2)", ExpectedType.BOOL);
        assertThat(old.error()).contains("undeclared reference to 'includes'")
                .contains("includes() is available from Kubernetes 1.37; the target is Kubernetes 1.34");
        assertThat(new CelEnvironment(false, KubernetesVersion.V1_36).compile("[1].includes(1)", ExpectedType.BOOL).error())
                .contains("the target is Kubernetes 1.36");
    }

    @Test
    void listsExtensionVersion3IsThereFrom134() throws Exception {
        for (KubernetesVersion v : KubernetesVersion.SUPPORTED) {
            assertThat(eval(v, "[3, 1, 2].sort()")).isEqualTo(List.of(1L, 2L, 3L));
            assertThat(eval(v, "[[1], [2, 3]].flatten()")).isEqualTo(List.of(1L, 2L, 3L));
            assertThat(eval(v, "[1, 1, 2].distinct()")).isEqualTo(List.of(1L, 2L));
            assertThat(eval(v, "[1, 2, 3].reverse().slice(0, 2)")).isEqualTo(List.of(3L, 2L));
            assertThat(eval(v, "lists.range(3)")).isEqualTo(List.of(0L, 1L, 2L));
            assertThat(eval(v, "[1, 2].sortBy(e, -e)")).isEqualTo(List.of(2L, 1L));
        }
    }

    @Test
    void networkTypeNamesCompareWithType() throws Exception {
        assertThat(eval(KubernetesVersion.V1_34, "type(ip('10.0.0.1')) == net.IP")).isEqualTo(true);
        assertThat(eval(KubernetesVersion.V1_34, "type(cidr('10.0.0.0/8')) == net.CIDR")).isEqualTo(true);
        assertThat(eval(KubernetesVersion.V1_34, "type(ip('10.0.0.1')) == net.CIDR")).isEqualTo(false);
        assertThat(eval(KubernetesVersion.V1_34, "type(cidr('10.0.0.0/8').ip()) == net.IP")).isEqualTo(true);
    }

    @Test
    void networkTypeNamesCompareWithTheTypeOfADynValue() throws Exception {
        assertThat(eval(KubernetesVersion.V1_34, "type(dyn(ip('10.0.0.1'))) == net.IP")).isEqualTo(true);
        assertThat(eval(KubernetesVersion.V1_34, "type(dyn(cidr('10.0.0.0/8'))) == net.CIDR")).isEqualTo(true);
        assertThat(eval(KubernetesVersion.V1_34, "type(dyn(ip('10.0.0.1'))) == net.CIDR")).isEqualTo(false);
        assertThat(eval(KubernetesVersion.V1_34, "[ip('10.0.0.1'), 1].map(x, type(x) == net.IP)")).isEqualTo(java.util.List.of(true, false));
    }

    @Test
    void versionsParseInTheFormsUsersWriteAndRefuseUnsupportedOnes() {
        assertThat(KubernetesVersion.parse("1.34")).isEqualTo(KubernetesVersion.V1_34);
        assertThat(KubernetesVersion.parse("v1.37.2")).isEqualTo(KubernetesVersion.V1_37);
        assertThatThrownBy(() -> KubernetesVersion.parse("1.33")).hasMessageContaining("supported: 1.34 to 1.37");
        assertThatThrownBy(() -> KubernetesVersion.parse("latest")).hasMessageContaining("is not a Kubernetes version");
    }

    private static Object eval(KubernetesVersion version, String expression) throws Exception {
        CompileOutcome outcome = new CelEnvironment(false, version).compile(expression, ExpectedType.ANY);
        assertThat(outcome.error()).as(expression).isNull();
        Map<String, Object> activation = new HashMap<>();
        for (String name : CelEnvironment.ALL_VARIABLES) {
            activation.put(name, NullValue.NULL_VALUE);
        }
        return outcome.expression().evaluate(activation);
    }
}
