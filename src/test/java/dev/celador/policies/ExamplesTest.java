package dev.celador.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celador.cli.CeladorMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `celador check` of the shipped library on the stateful stacks in examples/: the good variants
 * pass cleanly, the bad ones get exactly the verdicts a platform engineer expects (every result
 * other than pass and skip, as "Kind/name policy result").
 */
class ExamplesTest {

    private record Checked(int exit, JsonNode json, String out) {

        Set<String> verdicts() {
            Set<String> found = new TreeSet<>();
            for (JsonNode r : json.path("results")) {
                String result = r.path("result").asText();
                if (!result.equals("pass") && !result.equals("skip")) {
                    found.add(r.path("resource").path("kind").asText() + "/" + r.path("resource").path("name").asText() + " "
                            + r.path("policy").asText() + " " + result);
                }
            }
            return found;
        }
    }

    private static Checked check(String example) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CeladorMain.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "check", "--policies", "policies", "--resources", "examples/" + example, "--output", "json");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(err.toString(StandardCharsets.UTF_8)).as(example).isEmpty();
        return new Checked(exit, new ObjectMapper().readTree(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql/good", "kafka/good", "postgres/good"})
    void goodVariantPassesEveryPolicy_withoutWarnings(String example) throws Exception {
        Checked run = check(example);

        assertThat(run.verdicts()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.json().path("summary").path("pass").asInt()).isPositive();
    }

    @Test
    void badMysqlIsDeniedForEmptyDirDataNoClaimsAndAHandWrittenSecret_withoutShowingThePassword() throws Exception {
        Checked run = check("mysql/bad");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.verdicts()).containsExactly(
                "Secret/mysql-credentials secret-externally-sourced fail",
                "Secret/mysql-credentials secret-no-last-applied fail",
                "StatefulSet/mysql statefulset-no-emptydir-data fail",
                "StatefulSet/mysql statefulset-volume-claim-templates fail");
        assertThat(run.out()).doesNotContain("hunter2-example");
    }

    @Test
    void badKafkaIsDeniedForItsMissingHeadlessServiceAndWarnedAboutQuorumRolloutRetentionAndProbes() throws Exception {
        Checked run = check("kafka/bad");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.verdicts()).containsExactly(
                "StatefulSet/kafka statefulset-disruption-budget warn",
                "StatefulSet/kafka statefulset-headless-service fail",
                "StatefulSet/kafka statefulset-pvc-retention warn",
                "StatefulSet/kafka statefulset-readiness-probe warn",
                "StatefulSet/kafka statefulset-update-strategy warn");
        assertThat(run.out()).contains("partition 4 is above replicas 3", "is quorum-based (celador.dev/quorum=true) but uses podManagementPolicy Parallel",
                "containers log-shipper have no readinessProbe",
                "apply {apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: kafka, namespace: streaming}, spec: {maxUnavailable: 1");
    }

    @Test
    void badPostgresIsDeniedOnItsServiceTemplatesSecretAndBackupClaim_withoutShowingThePassword() throws Exception {
        Checked run = check("postgres/bad");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.verdicts()).containsExactly(
                "PersistentVolumeClaim/postgres-backups pvc-access-modes fail",
                "PersistentVolumeClaim/postgres-backups pvc-size-bounds fail",
                "Secret/postgres-credentials secret-externally-sourced fail",
                "Service/postgres service-statefulset-headless fail",
                "StatefulSet/postgres pvc-size-bounds fail",
                "StatefulSet/postgres statefulset-headless-service fail",
                "StatefulSet/postgres statefulset-volume-claim-templates fail");
        // The claim rules judge the StatefulSet's templates too, naming the template.
        assertThat(run.out()).contains("StatefulSet billing/postgres volumeClaimTemplate wal has no spec.resources.requests.storage");
        assertThat(run.out()).doesNotContain("c3VwZXItc2VjcmV0LWV4YW1wbGU=", "super-secret-example");
    }
}
