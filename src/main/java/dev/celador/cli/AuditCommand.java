package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.audit.AuditIdentity;
import dev.celador.audit.ObjectAuditor;
import dev.celador.audit.PolicyLabels;
import dev.celador.engine.ClusterNeeds;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.FailurePolicy;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.Problem;
import dev.celador.report.NamespaceResults;
import dev.celador.report.ReportEntry;
import dev.celador.report.ReportRenderer;
import dev.celador.report.ResourceRef;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `celador audit`: every validating policy against the objects of a cluster dump, or of the
 * kubeconfig's cluster read live (see {@link LiveInventory}), as the background audit judges them
 * (a synthetic UPDATE with oldObject = object, from Celador's service account), with check's output
 * grouped by namespace or the reports the audit would write. The objects are streamed twice: once
 * for the kinds lookups and namespace selectors read (kept in a temporary file, Secrets without
 * their values: {@link FileBackedClusterView}), once to judge object by object; results go to disk
 * by namespace, never held.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audit the objects of a cluster dump, or of the kubeconfig's cluster, against policies, as the background audit does.")
final class AuditCommand implements Callable<Integer> {

    @Option(names = "--policies", required = true, arity = "1..*", description = "Policy files or directories.")
    List<String> policies;

    @Option(names = "--cluster-state", arity = "1..*",
            description = "The cluster's objects: files or directories of `kubectl get ... -A -o yaml` (or -o json) output.")
    List<String> clusterState;

    @Option(names = "--cluster", description = "Audit the cluster of the kubeconfig (KUBECONFIG or ~/.kube/config, its current "
            + "context), read with paged LISTs of the kinds the policies match.")
    boolean live;

    @Option(names = "--page-size", defaultValue = "500", description = "With --cluster: objects per LIST page (default: ${DEFAULT-VALUE}).")
    long pageSize;

    @Option(names = "--output", defaultValue = "text", description = "text, json or report (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--report-api", defaultValue = "openreports",
            description = "With --output report: openreports (Report, ClusterReport) or wgpolicyk8s (PolicyReport, ClusterPolicyReport).")
    String reportApi;

    @Option(names = "--max-results", defaultValue = "500", description = "Results a report lists at most (default: ${DEFAULT-VALUE}).")
    int maxResults;

    @Option(names = "--service-account", defaultValue = "celador/celador-webhook",
            description = "NAMESPACE/NAME whose userInfo the audit's requests carry (default: ${DEFAULT-VALUE}).")
    String serviceAccount;

    private final PrintStream out;
    private final PrintStream err;

    AuditCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        String[] account = serviceAccount.split("/", -1);
        if (!Set.of("text", "json", "report").contains(output) || !Set.of("openreports", "wgpolicyk8s").contains(reportApi)
                || account.length != 2 || account[0].isEmpty() || account[1].isEmpty() || maxResults < 1) {
            err.println("celador audit: --output must be text, json or report, --report-api openreports or wgpolicyk8s, "
                    + "--service-account NAMESPACE/NAME and --max-results at least 1");
            return CheckCommand.BAD_INPUT;
        }
        if (live == (clusterState != null && !clusterState.isEmpty()) || pageSize < 1) {
            err.println("celador audit: give either --cluster-state FILE... (a cluster dump) or --cluster (the kubeconfig's cluster), "
                    + "not both" + (pageSize < 1 ? ", and --page-size at least 1" : ""));
            return CheckCommand.BAD_INPUT;
        }
        List<Path> policyPaths = policies.stream().map(Path::of).toList();
        CompileResult compiled = OfflineAdmission.compile(new PolicyLoader().load(policyPaths));
        List<Problem> problems = notLoaded(compiled);
        problems.forEach(p -> err.println("celador audit: " + LintCommand.format(p)));
        AuditInventory inventory;
        try {
            inventory = live ? live(compiled) : new DumpInventory(clusterState);
        } catch (RuntimeException e) {
            err.println("celador audit: cannot reach the cluster of the kubeconfig: " + e.getMessage());
            return CheckCommand.BAD_INPUT;
        }
        try (inventory) {
            return audit(inventory, compiled, policyPaths, account, problems);
        }
    }

    private AuditInventory live(CompileResult compiled) {
        LiveInventory inventory = new LiveInventory(dev.celador.cluster.LiveClusterView.fromKubeconfig(),
                dev.celador.audit.AuditedKinds.of(compiled.policies()), pageSize, err);
        err.println("celador audit: reading the cluster at " + inventory.server());
        return inventory;
    }

    private int audit(AuditInventory inventory, CompileResult compiled, List<Path> policyPaths, String[] account, List<Problem> problems) {
        try (FileBackedClusterView.Builder lookups = new FileBackedClusterView.Builder()) {
            return audit(inventory, compiled, policyPaths, account, problems, lookups);
        } catch (FileBackedClusterView.Unavailable e) {
            err.println("celador audit: " + e.getMessage());
            return CheckCommand.BAD_INPUT;
        }
    }

    private int audit(AuditInventory inventory, CompileResult compiled, List<Path> policyPaths, String[] account, List<Problem> problems,
            FileBackedClusterView.Builder lookups) {
        java.util.function.Consumer<Problem> problem = p -> {
            problems.add(p);
            err.println("celador audit: " + LintCommand.format(p));
        };
        inventory.lookups(new LookupKinds(ClusterNeeds.of(compiled.policies())), lookups::add, problem);
        Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(compiled)), lookups.seal());
        ObjectAuditor auditor = new ObjectAuditor(engine, AuditIdentity.serviceAccount(account[0], account[1]),
                PolicyLabels.read(policyPaths));
        boolean[] denied = {false};
        long now = Instant.now().getEpochSecond();
        Map<String, int[]> counts = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (NamespaceSpool spool = new NamespaceSpool()) {
            inventory.objects(object -> {
                List<PolicyResult> results = auditor.results(object);
                String namespace = object.path("metadata").path("namespace").asText("");
                if (!results.isEmpty()) {
                    int[] count = counts.computeIfAbsent(namespace, n -> new int[5]);
                    results.forEach(r -> count[column(r.result())]++);
                }
                if (output.equals("report")) {
                    for (ReportEntry e : auditor.entries(object, results, now)) {
                        if (e.isListed()) {
                            spool.add(namespace, entryLine(json, e));
                        }
                    }
                }
                for (PolicyResult r : results) {
                    denied[0] |= wouldDeny(r);
                    if (!output.equals("report") && isListed(r)) {
                        spool.add(namespace, json.valueToTree(row(object, r)).toString());
                    }
                }
            }, problem);
            if (output.equals("report")) {
                printReports(spool, counts);
            } else {
                printResults(spool, counts, problems);
            }
        }
        if (!problems.isEmpty()) {
            return CheckCommand.BAD_INPUT;
        }
        return denied[0] ? CheckCommand.FAILED : CheckCommand.OK;
    }

    /**
     * One report per namespace, made from the namespace's counts and its listed entries read back
     * from the spool: only one namespace's entries are held at a time.
     */
    private void printReports(NamespaceSpool spool, Map<String, int[]> counts) {
        ReportRenderer renderer = new ReportRenderer(maxResults, 1024 * 1024);
        ReportRenderer.Api api = reportApi.equals("openreports") ? ReportRenderer.Api.OPENREPORTS : ReportRenderer.Api.WGPOLICY;
        YAMLMapper yaml = YAMLMapper.builder().enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.SPLIT_LINES).build();
        ObjectMapper json = new ObjectMapper();
        counts.forEach((namespace, count) -> {
            NamespaceResults r = new NamespaceResults(namespace).retain(maxResults);
            r.countUnlisted(count[0], count[4]);
            spool.read(namespace, lines -> lines.forEach(line -> r.add(List.of(entryOf(json, line)))));
            try {
                out.print(yaml.writeValueAsString(renderer.render(r, api)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a report could not be written as YAML", e);
            }
        });
    }

    /** A listed report entry as one line of the spool: a JSON array of its fields. */
    private static String entryLine(ObjectMapper json, ReportEntry e) {
        ResourceRef ref = e.resource();
        ArrayNode line = json.createArrayNode().add(e.policy()).add(e.binding()).add(ref.apiVersion()).add(ref.kind())
                .add(ref.namespace()).add(ref.name()).add(ref.uid()).add(e.result()).add(e.severity()).add(e.category())
                .add(e.foundAt());
        e.actions().forEach(line.addArray()::add);
        ArrayNode messages = line.addArray();
        e.messages().forEach(messages::add);
        return line.toString();
    }

    private static ReportEntry entryOf(ObjectMapper json, String line) {
        try {
            JsonNode f = json.readTree(line);
            List<String> actions = new ArrayList<>();
            f.get(11).forEach(a -> actions.add(a.asText()));
            List<String> messages = new ArrayList<>();
            f.get(12).forEach(m -> messages.add(m.asText()));
            return new ReportEntry(f.get(0).asText(), textOrNull(f.get(1)),
                    new ResourceRef(f.get(2).asText(), f.get(3).asText(), f.get(4).asText(), f.get(5).asText(), f.get(6).asText()),
                    f.get(7).asText(), actions, messages, textOrNull(f.get(8)), textOrNull(f.get(9)), f.get(10).asLong());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a spooled report entry did not read back", e);
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** The summary's column of a result: pass, fail, warn, error, skip. */
    private static int column(String result) {
        return switch (result) {
            case "pass" -> 0;
            case "fail" -> 1;
            case "warn" -> 2;
            case "error" -> 3;
            default -> 4;
        };
    }

    /** JSON: check's pinned rows (fail, warn and error only) by namespace, check's summary, and one per namespace. */
    private void printResults(NamespaceSpool spool, Map<String, int[]> counts, List<Problem> problems) {
        int[] total = new int[5];
        counts.values().forEach(c -> {
            for (int i = 0; i < total.length; i++) {
                total[i] += c[i];
            }
        });
        if (output.equals("json")) {
            out.println("{\"results\": [");
            boolean[] first = {true};
            spool.forEach((namespace, lines) -> lines.forEach(line -> {
                out.print(first[0] ? "  " : ",\n  ");
                out.print(line);
                first[0] = false;
            }));
            ObjectMapper json = new ObjectMapper();
            ObjectNode tail = json.createObjectNode();
            tail.set("summary", summary(json, total));
            ObjectNode byNamespace = tail.putObject("namespaces");
            counts.forEach((ns, c) -> byNamespace.set(ns.isEmpty() ? "(cluster)" : ns, summary(json, c)));
            if (!problems.isEmpty()) {
                ArrayNode list = tail.putArray("problems");
                problems.forEach(p -> list.addObject().put("file", p.source().file()).put("line", p.source().line())
                        .put("message", p.message()));
            }
            String rest = tail.toString();
            out.println("\n],");
            out.println(rest.substring(1));
        } else {
            ObjectMapper json = new ObjectMapper();
            spool.forEach((namespace, lines) -> {
                out.println(namespace.isEmpty() ? "Cluster-scoped" : "Namespace " + namespace);
                ObjectNode report = json.createObjectNode();
                ArrayNode rows = report.putArray("results");
                // one namespace's listed rows at a time: what is held is that namespace's violations
                lines.forEach(line -> {
                    try {
                        rows.add(json.readTree(line));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                });
                report.set("summary", summary(json, counts.get(namespace)));
                AuditTextReport.print(report, new PrintStream(new IndentedStream(out), true));
            });
            out.printf("%d pass, %d fail, %d warn, %d error, %d skip in %d namespaces%n", total[0], total[1], total[2], total[3],
                    total[4], counts.keySet().stream().filter(n -> !n.isEmpty()).count());
        }
    }

    private static ObjectNode summary(ObjectMapper json, int[] t) {
        return json.createObjectNode().put("pass", t[0]).put("fail", t[1]).put("warn", t[2]).put("error", t[3]).put("skip", t[4]);
    }

    private static boolean isListed(PolicyResult r) {
        String result = r.result();
        return result.equals("fail") || result.equals("warn") || result.equals("error");
    }

    /** As check decides its exit code: a fail, or an error that failurePolicy Fail enforces. */
    private static boolean wouldDeny(PolicyResult r) {
        String result = r.result();
        return result.equals("fail") || result.equals("error") && r.failurePolicy() == FailurePolicy.FAIL;
    }

    /** A row of check's pinned JSON shape (ARCHITECTURE.md section 6). */
    private static Map<String, Object> row(JsonNode object, PolicyResult r) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("policy", r.policy());
        row.put("binding", r.binding());
        Map<String, String> resource = new java.util.LinkedHashMap<>();
        resource.put("apiVersion", object.path("apiVersion").asText());
        resource.put("kind", object.path("kind").asText());
        resource.put("namespace", object.path("metadata").path("namespace").asText(""));
        resource.put("name", object.path("metadata").path("name").asText(""));
        row.put("resource", resource);
        row.put("result", r.result());
        if (r.result().equals("error")) {
            row.put("failurePolicy", r.failurePolicy().wireName());
        }
        row.put("actions", r.actions().stream().map(a -> a.wireName()).toList());
        row.put("messages", r.violations().stream().map(Violation::message).toList());
        return row;
    }

    private static List<Problem> notLoaded(CompileResult compiled) {
        Set<Problem> ofLoadedPolicies = new HashSet<>();
        compiled.policies().forEach(p -> ofLoadedPolicies.addAll(p.problems()));
        compiled.mutatingPolicies().forEach(p -> ofLoadedPolicies.addAll(p.problems()));
        List<Problem> all = new ArrayList<>(compiled.problems());
        return new ArrayList<>(all.stream().filter(p -> !ofLoadedPolicies.contains(p)).toList());
    }

    /** Indents what TextReport prints by two spaces under its namespace heading. */
    private static final class IndentedStream extends java.io.OutputStream {

        private final PrintStream target;
        private boolean lineStart = true;

        IndentedStream(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            if (lineStart) {
                target.print("  ");
            }
            target.write(b);
            lineStart = b == '\n';
        }
    }
}
