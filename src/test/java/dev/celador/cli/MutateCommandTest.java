package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import dev.celador.ReviewFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `celador mutate` with the shipped defaults: mutated YAML, or JSON with a patch that reproduces it. */
class MutateCommandTest {

    private static final String STS = "src/test/resources/mutate-webhook/sts-without-probes-or-classes.yaml";

    private record Run(int exit, String out, String err) {
    }

    private static Run mutate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "mutate";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = CeladorMain.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsTheMutatedStatefulSetAsYaml() throws Exception {
        Run run = mutate("--policies", "policies", "--resources", STS);

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode mutated = new YAMLMapper().readTree(run.out());
        assertThat(mutated.at("/spec/template/spec/containers/0/readinessProbe/tcpSocket/port").asInt()).isEqualTo(5432);
        assertThat(mutated.at("/spec/volumeClaimTemplates/0/spec/storageClassName").asText()).isEqualTo("standard");
    }

    @Test
    void printsJsonWithAPatchThatTurnsTheInputIntoTheOutput() throws Exception {
        Run run = mutate("--policies", "policies", "--resources", STS, "--output", "json");

        JsonNode item = new ObjectMapper().readTree(run.out()).get(0);
        JsonNode original = ReviewFixtures.readYaml(Path.of(STS));
        assertThat(JsonPatch.apply(item.path("patch"), original)).isEqualTo(item.path("object"));
        assertThat(item.path("patch").size()).isPositive();
    }

    @Test
    void exitsTwoOnBadInput() {
        assertThat(mutate("--policies", "src/test/resources/cli/broken-policies", "--resources", STS).exit()).isEqualTo(2);
        assertThat(mutate("--policies", "policies", "--resources", STS, "--output", "xml").exit()).isEqualTo(2);
    }
}
