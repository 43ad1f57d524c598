package dev.celador.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.cel.CompiledExpression;
import dev.celador.cel.ExpressionProfile;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.CompiledMutatingPolicy;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.mutate.MutationResult;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.PolicyTree;
import dev.celador.policy.Problem;
import dev.celador.policy.SourceRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the playground page asks of the local server, answered through the CLI's own paths: the
 * editors' texts are loaded and compiled as `check` loads its policy files (OfflineAdmission.compile),
 * every resource goes through OfflineAdmission.check (mutation, then validation, with skips), and
 * "Export to native" runs `celador export` itself on the policy editors' texts. Only the shape of
 * the answer is the playground's: per resource the verdict the API server would give, each policy's
 * result, the mutation and its patch, and what each expression cost.
 */
final class PlaygroundEvaluation {

    /** The editors that hold the policy tree (policies, their params and exceptions), in the file names problems give. */
    static final Map<String, String> TREE_EDITORS = orderedMap("validating", "validating.yaml", "mutating", "mutating.yaml",
            "params", "params.yaml", "exceptions", "exceptions.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES, YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER, YAMLGenerator.Feature.SPLIT_LINES)
            .build();
    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE");

    private PlaygroundEvaluation() {
    }

    /** Evaluates the page's state: {validating, mutating, params, exceptions, resources, oldObject, clusterState, operation, user}. */
    static ObjectNode evaluate(JsonNode state) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode problems = answer.putArray("problems");
        String operation = state.path("operation").asText("CREATE");
        if (!OPERATIONS.contains(operation)) {
            problem(problems, "operation", 0, 0, null, "", "operation must be CREATE, UPDATE or DELETE, not '" + operation + "'");
            operation = "CREATE";
        }
        CompileResult compiled = compiled(state);
        compiled.problems().forEach(p -> problem(problems, p));

        List<JsonNode> objects = objects(state, "resources", problems);
        List<JsonNode> olds = objects(state, "oldObject", problems);
        List<JsonNode> visible = new ArrayList<>(objects);
        visible.addAll(objects(state, "clusterState", problems));
        OfflineAdmission admission = OfflineAdmission.of(compiled, visible);
        String user = state.path("user").asText("").isBlank() ? "celador-playground" : state.path("user").asText();
        List<String> groups = new ArrayList<>();
        state.path("groups").forEach(g -> groups.add(g.asText()));
        OfflineAdmission.Requester requester = new OfflineAdmission.Requester(operation, user, groups);

        ExpressionProfile profile = new ExpressionProfile();
        ArrayNode resources = answer.putArray("resources");
        Map<String, Integer> summary = new LinkedHashMap<>();
        List.of("pass", "fail", "warn", "error", "skip").forEach(r -> summary.put(r, 0));
        for (JsonNode object : objects) {
            OfflineAdmission.Checked checked = profiled(profile, () -> admission.check(object, oldOf(object, olds), requester));
            checked.results().forEach(r -> summary.merge(r.result(), 1, Integer::sum));
            resources.add(describe(checked));
        }
        ObjectNode s = answer.putObject("summary");
        summary.forEach(s::put);
        answer.set("expressions", expressions(compiled, profile.spent()));
        return answer;
    }

    /**
     * The policy editors' texts loaded and compiled as `check` compiles its policy files. The last
     * compilation is kept: while the author edits the resources, the policies need no second compile
     * (compiled policies are immutable, so two requests may share one).
     */
    private static CompileResult compiled(JsonNode state) {
        Map<String, byte[]> tree = new LinkedHashMap<>();
        TREE_EDITORS.forEach((editor, file) -> tree.put(file, text(state, editor).getBytes(StandardCharsets.UTF_8)));
        List<String> key = TREE_EDITORS.keySet().stream().map(editor -> text(state, editor)).toList();
        Map.Entry<List<String>, CompileResult> last = LAST_COMPILED.get();
        if (last != null && last.getKey().equals(key)) {
            return last.getValue();
        }
        CompileResult compiled = OfflineAdmission.compile(new PolicyLoader().load(PolicyTree.of(tree, List.of())));
        LAST_COMPILED.set(Map.entry(key, compiled));
        return compiled;
    }

    private static final java.util.concurrent.atomic.AtomicReference<Map.Entry<List<String>, CompileResult>> LAST_COMPILED =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** `celador export` on the policy editors' texts, as files of a temporary directory; its output, messages and exit code. */
    static ObjectNode export(JsonNode state) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("celador-playground-export");
            for (Map.Entry<String, String> e : TREE_EDITORS.entrySet()) {
                Files.writeString(dir.resolve(e.getValue()), text(state, e.getKey()), StandardCharsets.UTF_8);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = CeladorMain.run(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), "export", dir.toString());
            String prefix = dir.toString() + java.io.File.separator;
            ObjectNode answer = JSON.createObjectNode();
            answer.put("exitCode", exit);
            answer.put("yaml", out.toString(StandardCharsets.UTF_8));
            answer.put("messages", err.toString(StandardCharsets.UTF_8).replace(prefix, ""));
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the policies for export to a temporary directory", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static OfflineAdmission.Checked profiled(ExpressionProfile profile, java.util.function.Supplier<OfflineAdmission.Checked> work) {
        try {
            return profile.record(work::get);
        } catch (CelEvaluationException e) {
            // The engine turns every evaluation failure into a result; nothing checked can come out here.
            throw new IllegalStateException("evaluation escaped the engine's error handling", e);
        }
    }

    private static ObjectNode describe(OfflineAdmission.Checked checked) {
        ObjectNode node = JSON.createObjectNode();
        JsonNode object = checked.object();
        ObjectNode resource = node.putObject("resource");
        resource.put("apiVersion", object.path("apiVersion").asText());
        resource.put("kind", object.path("kind").asText());
        resource.put("namespace", object.path("metadata").path("namespace").asText(""));
        resource.put("name", object.path("metadata").path("name").asText(""));

        // The response the API server would assemble from these results (skips add nothing to it).
        AdmissionVerdict verdict = AdmissionVerdict.assemble("playground", checked.results());
        boolean allowed = checked.mutationAllowed() && verdict.allowed();
        node.put("allowed", allowed);
        String message = !checked.mutationAllowed() ? checked.mutationMessage() : verdict.message();
        if (message != null) {
            node.put("message", message);
        }
        ArrayNode warnings = node.putArray("warnings");
        verdict.warnings().forEach(warnings::add);
        ObjectNode annotations = node.putObject("auditAnnotations");
        new java.util.TreeMap<>(verdict.auditAnnotations()).forEach(annotations::put);

        ArrayNode results = node.putArray("results");
        for (PolicyResult r : checked.results()) {
            ObjectNode row = results.addObject();
            row.put("policy", r.policy());
            row.put("binding", r.binding());
            row.put("result", r.result());
            row.put("failurePolicy", r.failurePolicy().wireName());
            ArrayNode actions = row.putArray("actions");
            r.actions().forEach(a -> actions.add(a.wireName()));
            ArrayNode violations = row.putArray("violations");
            for (Violation v : r.violations()) {
                violations.addObject().put("index", v.index()).put("message", v.message()).put("error", v.error());
            }
            ObjectNode own = row.putObject("auditAnnotations");
            new java.util.TreeMap<>(r.auditAnnotations()).forEach(own::put);
            if (r.exemption() != null) {
                row.putObject("exception").put("name", r.exemption().exception()).put("reason", r.exemption().reason());
            }
        }
        ArrayNode mutations = node.putArray("mutations");
        for (MutationResult m : checked.mutations()) {
            ObjectNode row = mutations.addObject().put("policy", m.policy()).put("binding", m.binding()).put("result", m.result());
            if (m.message() != null) {
                row.put("message", m.message());
            }
        }
        if (checked.patch() != null && !checked.patch().isEmpty()) {
            ObjectNode mutation = node.putObject("mutation");
            mutation.put("before", yaml(object));
            mutation.put("after", yaml(checked.mutated()));
            mutation.set("patch", checked.patch());
        }
        return node;
    }

    /** Every expression of the loaded policies, at its line and column, with what it spent (nothing when it did not run). */
    private static ArrayNode expressions(CompileResult compiled, Map<CompiledExpression, ExpressionProfile.Spent> spent) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (CompiledPolicy p : compiled.policies()) {
            for (int i = 0; i < p.matchConditions().size(); i++) {
                expression(out, spent, p.name(), p.source().matchConditions().get(i).source().at("expression"), p.matchConditions().get(i).expression());
            }
            for (int i = 0; i < p.variables().size(); i++) {
                expression(out, spent, p.name(), p.source().variables().get(i).source().at("expression"), p.variables().get(i).expression());
            }
            for (var v : p.validations()) {
                expression(out, spent, p.name(), v.source().source().at("expression"), v.expression());
                if (v.messageExpression() != null) {
                    expression(out, spent, p.name(), v.source().source().at("messageExpression"), v.messageExpression());
                }
            }
            for (int i = 0; i < p.auditAnnotations().size(); i++) {
                expression(out, spent, p.name(), p.source().auditAnnotations().get(i).source().at("valueExpression"),
                        p.auditAnnotations().get(i).valueExpression());
            }
        }
        for (CompiledMutatingPolicy p : compiled.mutatingPolicies()) {
            for (int i = 0; i < p.matchConditions().size(); i++) {
                expression(out, spent, p.name(), p.source().matchConditions().get(i).source().at("expression"), p.matchConditions().get(i).expression());
            }
            for (int i = 0; i < p.variables().size(); i++) {
                expression(out, spent, p.name(), p.source().variables().get(i).source().at("expression"), p.variables().get(i).expression());
            }
            for (var m : p.mutations()) {
                expression(out, spent, p.name(), m.source().source().at("expression"), m.expression());
            }
        }
        return out;
    }

    private static void expression(ArrayNode out, Map<CompiledExpression, ExpressionProfile.Spent> spent, String policy, SourceRef at,
            CompiledExpression expression) {
        if (expression == null) {
            return;
        }
        SourceRef place = at.located();
        ObjectNode row = out.addObject();
        row.put("policy", policy);
        row.put("field", place.fieldPath());
        row.put("editor", editorOf(place.file()));
        row.put("line", place.line());
        row.put("column", place.column());
        ExpressionProfile.Spent s = spent.get(expression);
        row.put("evaluations", s == null ? 0 : s.evaluations());
        row.put("cost", s == null ? 0 : s.cost());
        row.put("micros", s == null ? 0 : s.nanos() / 1000.0);
    }

    /** The objects of one editor, read as `check` reads --resources (List kinds unpacked); its problems point at the editor. */
    private static List<JsonNode> objects(JsonNode state, String editor, ArrayNode problems) {
        ResourceReader reader = new ResourceReader();
        List<JsonNode> objects = reader.read(List.of("-"), new ByteArrayInputStream(text(state, editor).getBytes(StandardCharsets.UTF_8)));
        for (Problem p : reader.problems()) {
            problem(problems, editor, p.source().line(), p.source().column(), p.policy(), p.source().fieldPath(), p.message());
        }
        return objects;
    }

    /** The old object of a resource: the one of the same kind, namespace and name, as `check --old` pairs them. */
    private static JsonNode oldOf(JsonNode object, List<JsonNode> olds) {
        for (JsonNode o : olds) {
            if (o.path("kind").equals(object.path("kind")) && o.path("metadata").path("name").equals(object.path("metadata").path("name"))
                    && o.path("metadata").path("namespace").asText("").equals(object.path("metadata").path("namespace").asText(""))) {
                return o;
            }
        }
        return null;
    }

    private static void problem(ArrayNode problems, Problem p) {
        SourceRef at = p.source();
        ObjectNode row = problem(problems, editorOf(at.file()), at.line(), at.column(), p.policy(), at.fieldPath(), p.message());
        if (p.expression() != null) {
            row.put("expression", p.expression());
        }
    }

    private static ObjectNode problem(ArrayNode problems, String editor, int line, int column, String policy, String field, String message) {
        ObjectNode row = problems.addObject();
        row.put("editor", editor);
        row.put("line", line);
        row.put("column", column);
        row.put("policy", policy);
        row.put("field", field == null ? "" : field);
        row.put("message", message);
        return row;
    }

    private static String editorOf(String file) {
        for (Map.Entry<String, String> e : TREE_EDITORS.entrySet()) {
            if (e.getValue().equals(file)) {
                return e.getKey();
            }
        }
        return file;
    }

    private static String text(JsonNode state, String editor) {
        JsonNode value = state.path(editor);
        return value.isTextual() ? value.asText() : "";
    }

    private static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed object cannot be written as YAML", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind holds only the policies the page sent.
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
