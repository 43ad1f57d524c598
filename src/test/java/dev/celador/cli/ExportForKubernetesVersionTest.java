package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `celador export --kubernetes-version` and `celador lint --kubernetes-version`: what the target release serves and compiles. */
class ExportForKubernetesVersionTest {

    private static final String MUTATING = "src/test/resources/cli-export/mutating";
    private static final String INCLUDES = "src/test/resources/cli-export/versioned/uses-includes.yaml";

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void writesMutatingAdmissionPolicyV1From136() {
        for (String version : new String[] {"1.36", "1.37"}) {
            CliRun run = run("export", MUTATING, "--kubernetes-version", version);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingAdmissionPolicy\n")
                    .contains("apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingAdmissionPolicyBinding\n")
                    .doesNotContain("v1beta1");
            assertThat(run.err()).doesNotContain("feature-gates");
        }
    }

    @Test
    void writesMutatingAdmissionPolicyV1beta1For135AndSaysItNeedsTheFeatureGate() {
        CliRun run = run("export", MUTATING, "--kubernetes-version", "1.35");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("apiVersion: admissionregistration.k8s.io/v1beta1\nkind: MutatingAdmissionPolicy\n");
        assertThat(run.err()).contains("MutatingAdmissionPolicy is beta on Kubernetes 1.35")
                .contains("--feature-gates=MutatingAdmissionPolicy=true")
                .contains("--runtime-config=admissionregistration.k8s.io/v1beta1=true");
    }

    @Test
    void refusesAPolicyUsingIncludesFor134WithTheReason_andExportsItFor137() {
        CliRun old = run("export", INCLUDES, "--kubernetes-version", "1.34");
        assertThat(old.exit()).isEqualTo(ExportCommand.BAD_INPUT);
        assertThat(old.out()).doesNotContain("allowed-tiers");
        assertThat(old.err()).contains("undeclared reference to 'includes'")
                .contains("includes() is available from Kubernetes 1.37; the target is Kubernetes 1.34");

        CliRun current = run("export", INCLUDES, "--kubernetes-version", "1.37");
        assertThat(current.exit()).isZero();
        assertThat(current.out()).contains("name: allowed-tiers").contains(".includes(");
    }

    @Test
    void lintTellsWhatAnOlderClusterWouldRefuse() {
        CliRun old = run("lint", INCLUDES, "--kubernetes-version", "1.34");
        assertThat(old.exit()).isEqualTo(1);
        assertThat(old.out()).contains("allowed-tiers").contains("includes() is available from Kubernetes 1.37");
        CliRun current = run("lint", INCLUDES, "--kubernetes-version", "v1.37.2");
        assertThat(current.exit()).isZero();
        assertThat(current.out()).contains("1 policies, 0 problems");
    }

    @Test
    void refusesAnUnsupportedVersionAsAUsageError() {
        CliRun run = run("lint", INCLUDES, "--kubernetes-version", "1.30");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("supported: 1.34 to 1.37");
    }
}
