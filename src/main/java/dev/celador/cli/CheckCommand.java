package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.FailurePolicy;
import dev.celador.policy.Problem;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `celador check`: every policy against every resource, through the same engine as the webhook.
 * Output shape and exit codes are pinned (ARCHITECTURE.md section 6): other tools read them.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check resources against policies offline, with the webhook's verdicts.")
final class CheckCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    @Mixin
    AdmissionInput input;

    @Option(names = "--output", defaultValue = "text", description = "json or text (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--against-cluster", description = "Judge each resource as an UPDATE of the cluster's version (CREATE when absent):"
            + " the kubeconfig's cluster, read-only, or the --cluster-state files when given.")
    boolean againstCluster;

    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    CheckCommand(InputStream stdin, PrintStream out, PrintStream err) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (!input.validOperation() || !Set.of("json", "text").contains(output)) {
            err.println("celador check: --operation must be CREATE, UPDATE or DELETE and --output json or text");
            return BAD_INPUT;
        }
        if (againstCluster && !input.old.isEmpty()) {
            err.println("celador check: --against-cluster takes each resource's old version from the cluster; leave out --old");
            return BAD_INPUT;
        }
        ClusterBaseline baseline;
        try {
            baseline = againstCluster ? ClusterBaseline.open(!input.clusterState.isEmpty()) : null;
        } catch (RuntimeException e) {
            err.println("celador check: --against-cluster: cannot use the kubeconfig: " + e.getMessage());
            return BAD_INPUT;
        }
        AdmissionInput.Loaded loaded = input.load(stdin, err, "check", baseline == null ? null : baseline.lookups());
        List<Map.Entry<JsonNode, List<PolicyResult>>> checked = new ArrayList<>();
        boolean unreadable = false;
        if (baseline != null) {
            try (baseline) {
                unreadable = !baseline.checkAll(loaded, err, checked);
            }
        } else {
            for (JsonNode object : loaded.objects()) {
                checked.add(Map.entry(object, loaded.admission().check(object, loaded.oldOf(object), loaded.requester()).results()));
            }
        }
        ObjectNode report = report(checked);
        if (!loaded.problems().isEmpty()) {
            ArrayNode problems = report.putArray("problems");
            loaded.problems().forEach(p -> describe(p, problems.addObject()));
        }
        if (output.equals("json")) {
            out.println(report.toPrettyString());
        } else {
            TextReport.print(report, out);
        }
        if (!loaded.problems().isEmpty() || unreadable) {
            return BAD_INPUT;
        }
        boolean denied = checked.stream().flatMap(e -> e.getValue().stream()).anyMatch(CheckCommand::wouldDeny);
        return denied ? FAILED : OK;
    }

    /**
     * A fail, or an error that failurePolicy Fail enforces: what the webhook would refuse (Warn
     * only aside). An error under Ignore is reported, and let through as the webhook lets it.
     */
    private static boolean wouldDeny(PolicyResult r) {
        String result = r.result();
        return result.equals("fail") || result.equals("error") && r.failurePolicy() == FailurePolicy.FAIL;
    }

    private static void describe(Problem p, ObjectNode node) {
        node.put("file", p.source().file());
        node.put("line", p.source().line());
        node.put("column", p.source().column());
        node.put("document", p.source().docIndex());
        if (p.policy() == null) {
            node.putNull("policy");
        } else {
            node.put("policy", p.policy());
        }
        node.put("field", p.source().fieldPath() == null ? "" : p.source().fieldPath());
        node.put("message", p.message());
    }


    private static ObjectNode report(List<Map.Entry<JsonNode, List<PolicyResult>>> checked) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        ObjectNode report = json.createObjectNode();
        ArrayNode results = report.putArray("results");
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (String r : List.of("pass", "fail", "warn", "error", "skip")) {
            summary.put(r, 0);
        }
        for (Map.Entry<JsonNode, List<PolicyResult>> e : checked) {
            JsonNode object = e.getKey();
            for (PolicyResult r : e.getValue()) {
                String result = r.result();
                summary.merge(result, 1, Integer::sum);
                ObjectNode row = results.addObject();
                row.put("policy", r.policy());
                if (r.binding() == null) {
                    row.putNull("binding");
                } else {
                    row.put("binding", r.binding());
                }
                ObjectNode resource = row.putObject("resource");
                resource.put("apiVersion", object.path("apiVersion").asText());
                resource.put("kind", object.path("kind").asText());
                resource.put("namespace", object.path("metadata").path("namespace").asText(""));
                resource.put("name", object.path("metadata").path("name").asText(""));
                row.put("result", result);
                if (result.equals("error")) {
                    row.put("failurePolicy", r.failurePolicy().wireName());
                }
                ArrayNode actions = row.putArray("actions");
                r.actions().forEach(a -> actions.add(a.wireName()));
                ArrayNode messages = row.putArray("messages");
                r.violations().stream().map(Violation::message).forEach(messages::add);
                if (r.exemption() != null) {
                    // Only on results a policy exception lifted, so the pinned shape of every other row stays as it was.
                    row.putObject("exception").put("name", r.exemption().exception()).put("reason", r.exemption().reason());
                }
            }
        }
        ObjectNode s = report.putObject("summary");
        summary.forEach(s::put);
        return report;
    }
}
