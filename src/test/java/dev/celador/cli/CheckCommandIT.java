package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/celador as a user runs it, on the packaged application: check starts no server and answers on stdout. */
class CheckCommandIT {

    private record Result(int exit, String out) {
    }

    private static Result celador(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "bin/celador";
        System.arraycopy(args, 0, command, 1, args.length);
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
        // cases/: 6 denied-* and 2 allowed-* (a label on the object exempts nothing).
        List<String> results = new ArrayList<>();
        for (JsonNode row : new ObjectMapper().readTree(r.out()).path("results")) {
            if (row.path("policy").asText().equals("statefulset-volume-claim-templates")) {
                results.add(row.path("result").asText());
            }
        }
        assertThat(results).containsExactlyInAnyOrder("fail", "fail", "fail", "fail", "fail", "fail", "pass", "pass");
    }

    @Test
    void helpExitsZeroAndListsTheCommands() throws Exception {
        Result help = celador("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("serve").contains("check").contains("mutate").contains("test").contains("lint").contains("export");
    }

    @Test
    void lintAndTestAsAProcess() throws Exception {
        assertThat(celador("lint", "src/test/resources/cli/broken-policies").exit()).isEqualTo(1);
        assertThat(celador("test", "policies").exit()).isZero();
        assertThat(celador("check", "--policies", "src/test/resources/cli/empty-policies", "--resources",
                "src/test/resources/cli/manifests", "--output", "json").exit()).isZero();
    }
}
