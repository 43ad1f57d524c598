package dev.celador.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.cel.KubernetesVersion;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.Document;
import dev.celador.policy.DocumentReader;
import dev.celador.policy.PolicyException;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.PolicySet;
import dev.celador.policy.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `celador export`: writes the policies that use no Celador extension as native admission
 * policies and bindings, so a cluster with the native API runs them in the API server. Works from
 * the raw documents: native ones pass through, self-contained ones are split into policy + binding.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write policies that use no Celador extension as native ValidatingAdmissionPolicy / "
                + "MutatingAdmissionPolicy objects with their bindings (multi-document YAML on stdout by default).",
            "Policies that use a Celador extension (resource.Get / resource.List cluster lookups) are not exported; "
                + "each is named on stderr with the extension that prevents it.",
            "Params objects (ConfigMaps), policy tests and other objects of the tree are not written: apply them yourself.",
            "A PolicyException that names only namespaces and/or exact object names becomes a namespaceSelector, "
                + "excludeResourceRules or matchCondition of what it names; any other is refused, with its reasons, on stderr.",
            "Exit codes: 0 everything exported, 1 some policy or exception not exported, 2 bad input (problems as lint reports them)."})
final class ExportCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int NOT_ALL_EXPORTED = 1;
    static final int BAD_INPUT = 2;

    private static final String NATIVE_V1 = PolicyLoader.NATIVE_GROUP + "/v1";

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Policy files or directories.")
    List<Path> paths;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Write one file per policy (<kind>-<name>.yaml, the policy then its bindings) instead of stdout.")
    Path outputDir;

    @Option(names = "--kubernetes-version", paramLabel = "1.N", converter = KubernetesVersionOption.class,
            description = "The release the cluster runs (1.34 to 1.37; default: the newest): its API versions are written"
                    + " (MutatingAdmissionPolicy v1 from 1.36, v1beta1 before) and expressions it could not compile are refused.")
    KubernetesVersion kubernetesVersion = KubernetesVersion.configured();

    private final PrintStream out;
    private final PrintStream err;

    ExportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** One exported policy with the bindings that go with it, in output order. */
    private record Exported(String kind, String name, List<JsonNode> documents) {
    }

    @Override
    public Integer call() {
        List<Document> docs = new ArrayList<>();
        List<Problem> readProblems = new ArrayList<>();
        new DocumentReader().readAll(paths, PolicyLoader.TEST_MATERIAL_DIRECTORIES::contains, docs::add, readProblems::add);
        PolicySet set = new PolicyLoader().assemble(docs, readProblems);
        CompileResult compiled = new PolicyCompiler(CliCelEnvironment.get(kubernetesVersion)).compile(set);
        NativeApiVersions apiVersions = NativeApiVersions.of(kubernetesVersion);

        Set<String> broken = new HashSet<>();
        for (Problem p : compiled.problems()) {
            err.println(LintCommand.format(p));
            broken.add(key(p.source().file(), p.source().docIndex()));
        }
        Map<String, List<ExtensionScan.Use>> uses = new LinkedHashMap<>();
        set.policies().forEach(p -> uses.put(key(p.source().file(), p.source().docIndex()), ExtensionScan.of(p)));
        set.mutatingPolicies().forEach(p -> uses.put(key(p.source().file(), p.source().docIndex()), ExtensionScan.of(p)));

        // Policies first (keyed by kind family and name), so bindings can find whether theirs was exported.
        Map<String, Exported> validating = new TreeMap<>();
        Map<String, Exported> mutating = new TreeMap<>();
        int refused = 0;
        List<Document> bindings = new ArrayList<>();
        for (Document doc : docs) {
            String docKey = key(doc.source().file(), doc.source().docIndex());
            if (broken.contains(docKey) || !isPolicyGroup(doc)) {
                continue;
            }
            switch (doc.kind()) {
                case "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicyBinding" -> bindings.add(doc);
                case "ValidatingAdmissionPolicy", "ValidatingPolicy", "MutatingAdmissionPolicy", "MutatingPolicy" -> {
                    List<ExtensionScan.Use> found = uses.getOrDefault(docKey, List.of());
                    if (!found.isEmpty()) {
                        refused++;
                        reportRefusal(doc, found);
                    } else if (doc.kind().startsWith("Validating")) {
                        validating.put(doc.name(), new Exported("ValidatingAdmissionPolicy", doc.name(), validatingDocuments(doc)));
                    } else {
                        mutating.put(doc.name(), new Exported("MutatingAdmissionPolicy", doc.name(), mutatingDocuments(doc, apiVersions.mutating())));
                    }
                }
                default -> {
                    // celador.dev kinds that are not policies (PolicyTest) are not for the cluster.
                }
            }
        }
        if (!mutating.isEmpty() && apiVersions.mutatingNote() != null) {
            err.println("celador export: note: " + apiVersions.mutatingNote());
        }
        addBindings(bindings, validating, mutating);
        int refusedExceptions = addExceptions(set.exceptions(), validating);

        List<Exported> all = new ArrayList<>(validating.values());
        all.addAll(mutating.values());
        if (!write(all)) {
            return BAD_INPUT;
        }
        err.printf("celador export: %d policies exported, %d not exported, %s%d problems%n", all.size(), refused,
                refusedExceptions == 0 ? "" : refusedExceptions + " exceptions not exported, ", compiled.problems().size());
        if (!compiled.problems().isEmpty()) {
            return BAD_INPUT;
        }
        return refused + refusedExceptions > 0 ? NOT_ALL_EXPORTED : OK;
    }

    /**
     * Carries each exception into the exported policies it names, or names it on stderr with why it
     * has no native form; returns how many were refused.
     */
    private int addExceptions(List<PolicyException> exceptions, Map<String, Exported> validating) {
        int refused = 0;
        for (PolicyException e : exceptions.stream().sorted(java.util.Comparator.comparing(PolicyException::id)).toList()) {
            List<String> why = ExceptionExport.refusals(e);
            if (!why.isEmpty()) {
                refused++;
                err.println(e.source().file() + ": PolicyException '" + e.id() + "' not exported: it uses " + String.join(", ", why)
                        + "; the exported policies apply without it");
                continue;
            }
            for (PolicyException.Target t : e.policies()) {
                Exported policy = validating.get(t.policy());
                if (policy == null) {
                    err.println(e.source().file() + ": PolicyException '" + e.id() + "': policy '" + t.policy() + "' is not exported");
                } else {
                    ExceptionExport.apply(e, policy.documents());
                }
            }
        }
        return refused;
    }

    private void reportRefusal(Document doc, List<ExtensionScan.Use> found) {
        List<String> functions = found.stream().map(ExtensionScan.Use::function).distinct().sorted().toList();
        err.println(doc.source().file() + ": policy '" + doc.name() + "' not exported: uses " + String.join(", ", functions)
                + " (Celador cluster lookup" + (functions.size() > 1 ? "s" : "") + ")");
        for (ExtensionScan.Use use : found) {
            err.println("    at " + use.fieldPath());
        }
    }

    /** Native bindings go with their policy when it was exported; otherwise they are named as not exported. */
    private void addBindings(List<Document> bindings, Map<String, Exported> validating, Map<String, Exported> mutating) {
        bindings.sort((a, b) -> String.valueOf(a.name()).compareTo(String.valueOf(b.name())));
        for (Document doc : bindings) {
            boolean isValidating = doc.kind().startsWith("Validating");
            String policyName = doc.node().path("spec").path("policyName").asText();
            Exported policy = (isValidating ? validating : mutating).get(policyName);
            if (policy == null) {
                err.println(doc.source().file() + ": binding '" + doc.name() + "' not exported: its policy '" + policyName
                        + "' is not exported");
                continue;
            }
            ObjectNode copy = doc.node().deepCopy();
            if (isValidating) {
                copy.put("apiVersion", NATIVE_V1);
            }
            policy.documents().add(copy);
        }
    }

    /** A native policy as written (at v1); a ValidatingPolicy split into a policy and its binding. */
    private static List<JsonNode> validatingDocuments(Document doc) {
        List<JsonNode> out = new ArrayList<>();
        if (doc.kind().equals("ValidatingAdmissionPolicy")) {
            ObjectNode copy = doc.node().deepCopy();
            copy.put("apiVersion", NATIVE_V1);
            withoutValidationNames((ObjectNode) copy.path("spec"));
            out.add(copy);
            return out;
        }
        ObjectNode spec = withoutValidationNames(doc.node().path("spec").deepCopy());
        JsonNode actions = spec.remove("validationActions");
        JsonNode paramRef = spec.remove("paramRef");
        out.add(nativeObject(NATIVE_V1, "ValidatingAdmissionPolicy", doc.node().path("metadata"), spec));
        ObjectNode bindingSpec = new ObjectMapper().createObjectNode().put("policyName", doc.name());
        if (paramRef != null) {
            bindingSpec.set("paramRef", paramRef);
        }
        if (actions != null) {
            bindingSpec.set("validationActions", actions);
        } else {
            bindingSpec.putArray("validationActions").add("Deny");
        }
        out.add(nativeObject(NATIVE_V1, "ValidatingAdmissionPolicyBinding", bindingMetadata(doc), bindingSpec));
        return out;
    }

    /** A validation's name is Celador's (exceptions refer to it); the native API has no such field and would refuse it. */
    private static ObjectNode withoutValidationNames(ObjectNode spec) {
        for (JsonNode v : spec.path("validations")) {
            if (v instanceof ObjectNode o) {
                o.remove("name");
            }
        }
        return spec;
    }

    /**
     * A native policy as written (its own version); a MutatingPolicy split into a policy of the
     * release's version and its binding. Both carry a reinvocationPolicy: the API server requires one
     * (no default in v1beta1 or v1: "spec.reinvocationPolicy: Required value"), where Celador reads
     * its absence as Never.
     */
    private static List<JsonNode> mutatingDocuments(Document doc, String apiVersion) {
        List<JsonNode> out = new ArrayList<>();
        if (doc.kind().equals("MutatingAdmissionPolicy")) {
            JsonNode policy = doc.node().deepCopy();
            if (policy.path("spec") instanceof ObjectNode spec) {
                withReinvocationPolicy(spec);
            }
            out.add(policy);
            return out;
        }
        ObjectNode spec = withReinvocationPolicy((ObjectNode) doc.node().path("spec").deepCopy());
        JsonNode paramRef = spec.remove("paramRef");
        out.add(nativeObject(apiVersion, "MutatingAdmissionPolicy", doc.node().path("metadata"), spec));
        ObjectNode bindingSpec = new ObjectMapper().createObjectNode().put("policyName", doc.name());
        if (paramRef != null) {
            bindingSpec.set("paramRef", paramRef);
        }
        out.add(nativeObject(apiVersion, "MutatingAdmissionPolicyBinding", bindingMetadata(doc), bindingSpec));
        return out;
    }

    private static ObjectNode withReinvocationPolicy(ObjectNode spec) {
        if (!spec.hasNonNull("reinvocationPolicy")) {
            spec.put("reinvocationPolicy", "Never");
        }
        return spec;
    }

    private static ObjectNode nativeObject(String apiVersion, String kind, JsonNode metadata, JsonNode spec) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("apiVersion", apiVersion);
        node.put("kind", kind);
        node.set("metadata", metadata.deepCopy());
        node.set("spec", spec);
        return node;
    }

    /** The binding of a self-contained policy: `<policy>-binding`, with the policy's labels. */
    private static JsonNode bindingMetadata(Document doc) {
        ObjectNode metadata = new ObjectMapper().createObjectNode().put("name", doc.name() + "-binding");
        JsonNode labels = doc.node().path("metadata").path("labels");
        if (labels.isObject()) {
            metadata.set("labels", labels.deepCopy());
        }
        return metadata;
    }

    private boolean write(List<Exported> all) {
        // Quotes only where YAML would otherwise read another type; multi-line expressions as | blocks.
        YAMLMapper yaml = YAMLMapper.builder()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES, YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                .build();
        try {
            if (outputDir == null) {
                for (Exported e : all) {
                    for (JsonNode d : e.documents()) {
                        out.print(yaml.writeValueAsString(d));
                    }
                }
                out.flush();
                return true;
            }
            Files.createDirectories(outputDir);
            for (Exported e : all) {
                StringBuilder text = new StringBuilder();
                for (JsonNode d : e.documents()) {
                    text.append(yaml.writeValueAsString(d));
                }
                Path file = outputDir.resolve(e.kind().toLowerCase() + "-" + e.name().replaceAll("[^A-Za-z0-9.-]", "_") + ".yaml");
                Files.writeString(file, text, StandardCharsets.UTF_8);
            }
            return true;
        } catch (JsonProcessingException e) {
            err.println("celador export: cannot write YAML: " + e.getOriginalMessage());
            return false;
        } catch (IOException e) {
            err.println("celador export: cannot write to " + outputDir + ": " + e.getMessage());
            return false;
        }
    }

    private static boolean isPolicyGroup(Document doc) {
        return doc.group().equals(PolicyLoader.NATIVE_GROUP) || doc.group().equals(PolicyLoader.CELADOR_GROUP);
    }

    private static String key(String file, int docIndex) {
        return file + "\u0000" + docIndex;
    }
}
