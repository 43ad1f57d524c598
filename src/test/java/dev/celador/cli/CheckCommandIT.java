package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged application as bin/celador runs it: check starts no server and answers on stdout. */
class CheckCommandIT {

    private record Result(int exit, String out) {
    }

    private static Result celador(String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = "java";
        command[1] = "-jar";
        command[2] = "target/quarkus-app/quarkus-run.jar";
        System.arraycopy(args, 0, command, 3, args.length);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void checkAsAProcess_printsJsonAndExitsOneOnFailure() throws Exception {
        Result r = celador("check", "--policies", "src/test/resources/cli/policies", "--resources", "src/test/resources/cli/manifests",
                "--cluster-state", "src/test/resources/cli/cluster-state", "--output", "json");

        assertThat(r.exit()).isEqualTo(1);
        JsonNode summary = new ObjectMapper().readTree(r.out()).path("summary");
        assertThat(summary.path("fail").asInt()).isEqualTo(1);
        assertThat(summary.path("skip").asInt()).isEqualTo(4);
    }

    @Test
    void checkOfTheShippedPolicyCasesMatchesTheirNames() throws Exception {
        Result r = celador("check", "--policies", "policies", "--resources", "policies/statefulset-volume-claim-templates/cases",
                "--output", "json");

        assertThat(r.exit()).isEqualTo(1);
        for (JsonNode row : new ObjectMapper().readTree(r.out()).path("results")) {
            assertThat(row.path("result").asText()).isIn("pass", "fail");
        }
    }

    @Test
    void helpExitsZero() throws Exception {
        assertThat(celador("--help").exit()).isZero();
    }
}
