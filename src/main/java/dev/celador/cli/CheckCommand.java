package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.mutate.MutationVerdict;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.PolicySet;
import dev.celador.policy.Problem;
import dev.celador.policy.ValidationAction;
import dev.celador.view.ResourceNames;
import dev.celador.view.StaticClusterView;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(names = "--policies", required = true, arity = "1..*", description = "Policy files or directories.")
    List<String> policies;

    @Option(names = "--resources", required = true, arity = "1..*", description = "Resource files, directories, or - for stdin.")
    List<String> resources;

    @Option(names = "--cluster-state", arity = "1..*", description = "Objects lookups and namespace selectors may see.")
    List<String> clusterState = new ArrayList<>();

    @Option(names = "--operation", defaultValue = "CREATE", description = "CREATE, UPDATE or DELETE (default: ${DEFAULT-VALUE}).")
    String operation;

    @Option(names = "--old", description = "The existing objects, for UPDATE and DELETE (matched by kind, namespace and name).")
    List<String> old = new ArrayList<>();

    @Option(names = "--user", defaultValue = "celador-cli", description = "request.userInfo.username (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--group", description = "request.userInfo.groups entries (system:authenticated is always added).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--output", defaultValue = "text", description = "json or text (default: ${DEFAULT-VALUE}).")
    String output;

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
        if (!Set.of("CREATE", "UPDATE", "DELETE").contains(operation) || !Set.of("json", "text").contains(output)) {
            err.println("celador check: --operation must be CREATE, UPDATE or DELETE and --output json or text");
            return BAD_INPUT;
        }
        PolicySet loaded = new PolicyLoader().load(policies.stream().map(Path::of).toList());
        CompileResult compiled = new PolicyCompiler(new CelEnvironment()).compile(bindUnbound(loaded));
        ResourceReader reader = new ResourceReader();
        List<JsonNode> objects = reader.read(resources, stdin);
        List<JsonNode> state = reader.read(clusterState, stdin);
        List<JsonNode> olds = reader.read(old, stdin);
        List<Problem> problems = new ArrayList<>(compiled.problems());
        problems.addAll(reader.problems());
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("celador check: " + p));
            return BAD_INPUT;
        }
        List<JsonNode> visible = new ArrayList<>(objects);
        visible.addAll(state);
        Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(compiled)), new StaticClusterView(visible));

        List<Map.Entry<JsonNode, List<PolicyResult>>> checked = new ArrayList<>();
        for (JsonNode object : objects) {
            AdmissionRequest request = AdmissionRequest.of(request(object, findOld(olds, object)));
            // As in the API server, mutation runs first and validation sees the mutated object.
            MutationVerdict mutation = engine.mutate(request);
            if (mutation.allowed() && !mutation.patch().isEmpty()) {
                request = request.withObject(mutation.mutated());
            }
            AdmissionVerdict verdict = engine.validate(request);
            checked.add(Map.entry(object, withSkips(compiled, verdict.results())));
        }
        ObjectNode report = report(checked);
        if (output.equals("json")) {
            out.println(report.toPrettyString());
        } else {
            TextReport.print(report, out);
        }
        return report.path("summary").path("fail").asInt() + report.path("summary").path("error").asInt() > 0 ? FAILED : OK;
    }

    /** A native policy with no binding is checked as if bound with [Deny], as the architecture pins. */
    private static PolicySet bindUnbound(PolicySet set) {
        Set<String> bound = new HashSet<>();
        set.bindings().forEach(b -> bound.add(b.policyName()));
        List<PolicyBinding> bindings = new ArrayList<>(set.bindings());
        set.policies().stream().filter(p -> !bound.contains(p.name()))
                .forEach(p -> bindings.add(new PolicyBinding(null, p.name(), null, null, List.of(ValidationAction.DENY), p.source())));
        return new PolicySet(set.policies(), bindings, set.mutatingPolicies(), set.mutatingBindings(), set.objects(), set.problems());
    }

    /** The engine reports matched bindings only; every other (policy, binding) pair is a skip. */
    private static List<PolicyResult> withSkips(CompileResult compiled, List<PolicyResult> results) {
        Set<String> seen = new HashSet<>();
        results.forEach(r -> seen.add(r.policy() + "\u0000" + r.binding()));
        List<PolicyResult> all = new ArrayList<>(results);
        for (CompiledPolicy p : compiled.policies()) {
            for (PolicyBinding b : compiled.bindings()) {
                if (b.policyName().equals(p.name()) && !seen.contains(p.name() + "\u0000" + b.name())) {
                    all.add(new PolicyResult(p.name(), p.source().kind(), b.name(), Outcome.SKIP, b.validationActions(),
                            p.source().failurePolicy(), List.of(), Map.of()));
                }
            }
        }
        all.sort((a, b) -> {
            int c = a.policy().compareTo(b.policy());
            return c != 0 ? c : String.valueOf(a.binding()).compareTo(String.valueOf(b.binding()));
        });
        return all;
    }

    private ObjectNode request(JsonNode object, JsonNode oldObject) {
        ObjectMapper json = new ObjectMapper();
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        String kind = object.path("kind").asText();
        StaticClusterView scope = StaticClusterView.empty();
        String namespace = object.path("metadata").path("namespace").asText("");
        if (namespace.isEmpty() && scope.isNamespaced(apiVersion, kind)) {
            namespace = "default";
        }
        ObjectNode request = json.createObjectNode();
        request.put("uid", "celador-check");
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version).put("resource", ResourceNames.resourceOf(kind));
        request.put("name", object.path("metadata").path("name").asText(""));
        request.put("namespace", namespace);
        request.put("operation", operation);
        ObjectNode userInfo = request.putObject("userInfo").put("username", user);
        ArrayNode groupList = userInfo.putArray("groups");
        groups.forEach(groupList::add);
        groupList.add("system:authenticated");
        request.put("dryRun", true);
        JsonNode withNamespace = namespaced(object, namespace);
        if (operation.equals("DELETE")) {
            request.putNull("object");
            request.set("oldObject", oldObject != null ? oldObject : withNamespace);
        } else {
            request.set("object", withNamespace);
            if (oldObject != null && operation.equals("UPDATE")) {
                request.set("oldObject", oldObject);
            } else {
                request.putNull("oldObject");
            }
        }
        return request;
    }

    private static JsonNode namespaced(JsonNode object, String namespace) {
        if (namespace.isEmpty() || object.path("metadata").hasNonNull("namespace")) {
            return object;
        }
        ObjectNode copy = object.deepCopy();
        ((ObjectNode) copy.with("metadata")).put("namespace", namespace);
        return copy;
    }

    private static JsonNode findOld(List<JsonNode> olds, JsonNode object) {
        for (JsonNode o : olds) {
            if (o.path("kind").equals(object.path("kind")) && o.path("metadata").path("name").equals(object.path("metadata").path("name"))
                    && o.path("metadata").path("namespace").asText("").equals(object.path("metadata").path("namespace").asText(""))) {
                return o;
            }
        }
        return null;
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
                String result = resultOf(r);
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
                ArrayNode actions = row.putArray("actions");
                r.actions().forEach(a -> actions.add(a.wireName()));
                ArrayNode messages = row.putArray("messages");
                r.violations().stream().map(Violation::message).forEach(messages::add);
            }
        }
        ObjectNode s = report.putObject("summary");
        summary.forEach(s::put);
        return report;
    }

    /** fail when Deny or Audit applies, warn for Warn only; errors under Ignore are reported as errors too. */
    static String resultOf(PolicyResult r) {
        return switch (r.outcome()) {
            case SKIP -> "skip";
            case PASS -> "pass";
            case ERROR -> "error";
            case FAIL -> r.actions().contains(ValidationAction.DENY) || r.actions().contains(ValidationAction.AUDIT) ? "fail" : "warn";
        };
    }
}
