package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintStream;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `celador mutate`: the resources as the mutating webhook would leave them, as a YAML stream, or
 * as JSON with each resource's RFC 6902 patch.
 */
@Command(name = "mutate", mixinStandardHelpOptions = true,
        description = "Print resources after the mutating policies, offline (YAML, or JSON with each patch).")
final class MutateCommand implements Callable<Integer> {

    @Mixin
    AdmissionInput input;

    @Option(names = "--output", defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE}).")
    String output;

    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    MutateCommand(InputStream stdin, PrintStream out, PrintStream err) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (!input.validOperation()) {
            err.println("celador mutate: --operation must be CREATE, UPDATE or DELETE, not '" + input.operation + "'");
            return CheckCommand.BAD_INPUT;
        }
        if (!Set.of("json", "yaml").contains(output)) {
            err.println("celador mutate: --output must be yaml or json, not '" + output + "'");
            return CheckCommand.BAD_INPUT;
        }
        AdmissionInput.Loaded loaded = input.load(stdin, err, "mutate");
        ObjectMapper json = new ObjectMapper();
        YAMLMapper yaml = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
        ArrayNode items = json.createArrayNode();
        int denied = 0;
        StringBuilder stream = new StringBuilder();
        for (JsonNode object : loaded.objects()) {
            OfflineAdmission.Checked checked = loaded.admission().check(object, loaded.oldOf(object), loaded.requester());
            if (!checked.mutationAllowed()) {
                denied++;
                err.println("celador mutate: " + object.path("kind").asText() + " " + object.path("metadata").path("name").asText()
                        + ": " + checked.mutationMessage());
                continue;
            }
            ObjectNode item = items.addObject();
            item.set("object", checked.mutated());
            item.set("patch", checked.patch());
            stream.append(stream.length() == 0 ? "" : "---\n").append(yaml.writeValueAsString(checked.mutated()));
        }
        out.print(output.equals("json") ? json.writerWithDefaultPrettyPrinter().writeValueAsString(items) + "\n" : stream);
        return !loaded.problems().isEmpty() ? CheckCommand.BAD_INPUT : denied > 0 ? CheckCommand.FAILED : CheckCommand.OK;
    }
}
