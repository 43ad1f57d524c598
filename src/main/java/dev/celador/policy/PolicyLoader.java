package dev.celador.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads a policy tree into a PolicySet. Documents of the policy groups are read into the model;
 * any other Kubernetes object (params, test cases) is kept as an object, never an error.
 */
public final class PolicyLoader {

    public static final String NATIVE_GROUP = "admissionregistration.k8s.io";
    public static final String CELADOR_GROUP = "celador.dev";
    private static final Set<String> NATIVE_VERSIONS = Set.of("v1", "v1beta1", "v1alpha1");
    /** Kinds of our group that other tools read (policy tests); the loader leaves them alone. */
    private static final Set<String> CELADOR_NON_POLICY_KINDS = Set.of("PolicyTest");

    /**
     * Directories of test material in a policy tree (`policies/<name>/tests/`, `cases/`): left out
     * of a tree walk, as deploy/sync-policies.sh leaves them out of the cluster's ConfigMap, so a
     * fixture (say a params ConfigMap of a test) never stands in for a real object.
     */
    public static final Set<String> TEST_MATERIAL_DIRECTORIES = Set.of("tests", "cases");

    private final DocumentReader documents = new DocumentReader();
    private final PolicyDocumentReader reader = new PolicyDocumentReader();
    private final PolicyExceptionReader exceptionReader = new PolicyExceptionReader();

    public PolicySet load(List<Path> paths) {
        List<Document> docs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        documents.readAll(paths, TEST_MATERIAL_DIRECTORIES::contains, docs::add, problems::add);
        return assemble(docs, problems);
    }

    /** The documents of one file of a tree, and the problems of reading and parsing it. */
    public record FileDocuments(List<Document> documents, List<Problem> problems) {

        public FileDocuments {
            documents = List.copyOf(documents);
            problems = List.copyOf(problems);
        }
    }

    /** Loads a tree read beforehand (or made from a ConfigMap's keys): every file parsed, then assembled. */
    public PolicySet load(PolicyTree tree) {
        List<Document> docs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>(tree.problems());
        parse(tree).values().forEach(f -> {
            docs.addAll(f.documents());
            problems.addAll(f.problems());
        });
        return assemble(docs, problems);
    }

    /** Parses every file of a tree read beforehand, keeping each file's documents apart. */
    public java.util.Map<String, FileDocuments> parse(PolicyTree tree) {
        java.util.Map<String, FileDocuments> out = new java.util.LinkedHashMap<>();
        tree.files().forEach((name, read) -> {
            List<Document> docs = new ArrayList<>();
            List<Problem> problems = new ArrayList<>();
            if (read.error() != null) {
                problems.add(Problem.of(new SourceRef(name, 0, ""), null, read.error()));
            } else {
                documents.read(new java.io.ByteArrayInputStream(read.content()), name, docs::add, problems::add);
            }
            out.put(name, new FileDocuments(docs, problems));
        });
        return out;
    }

    public PolicySet assemble(List<Document> docs, List<Problem> initialProblems) {
        List<Problem> problems = new ArrayList<>(initialProblems);
        List<ValidatingPolicy> policies = new ArrayList<>();
        List<PolicyBinding> bindings = new ArrayList<>();
        List<MutatingPolicy> mutatingPolicies = new ArrayList<>();
        List<MutatingBinding> mutatingBindings = new ArrayList<>();
        List<JsonNode> objects = new ArrayList<>();
        Set<String> policyNames = new HashSet<>();
        Set<String> bindingNames = new HashSet<>();
        Set<String> mutatingNames = new HashSet<>();
        Set<String> mutatingBindingNames = new HashSet<>();
        List<PolicyException> exceptions = new ArrayList<>();
        Set<String> exceptionIds = new HashSet<>();

        for (Document doc : docs) {
            String group = doc.group();
            if (PolicyException.API_VERSION.equals(doc.apiVersion()) && PolicyException.KIND.equals(doc.kind())) {
                PolicyExceptionReader.Read read = exceptionReader.read(doc.node(), doc.source());
                problems.addAll(read.problems());
                if (read.exception() != null && !exceptionIds.add(read.exception().id())) {
                    problems.add(Problem.of(doc.source().at("metadata.name"), "PolicyException/" + read.exception().name(),
                            "Duplicate value: another PolicyException is named '" + read.exception().id() + "'"));
                } else if (read.exception() != null) {
                    exceptions.add(read.exception());
                }
            } else if (group.equals(NATIVE_GROUP) || group.equals(CELADOR_GROUP)) {
                PolicyDocumentReader.Read read = readPolicyDocument(doc);
                if (read == null) {
                    continue;
                }
                problems.addAll(read.problems());
                if (read.mutatingPolicy() != null) {
                    if (mutatingNames.add(read.mutatingPolicy().name())) {
                        mutatingPolicies.add(read.mutatingPolicy());
                        if (read.mutatingBinding() != null) {
                            mutatingBindings.add(read.mutatingBinding());
                        }
                    } else {
                        problems.add(Problem.of(doc.source().at("metadata.name"), read.mutatingPolicy().name(),
                                "Duplicate value: another mutating policy already has this name"));
                    }
                } else if (read.mutatingBinding() != null) {
                    if (mutatingBindingNames.add(read.mutatingBinding().name())) {
                        mutatingBindings.add(read.mutatingBinding());
                    } else {
                        problems.add(Problem.of(doc.source().at("metadata.name"), null,
                                "Duplicate value: another mutating binding is named '" + read.mutatingBinding().name() + "'"));
                    }
                } else if (read.policy() != null) {
                    if (policyNames.add(read.policy().name())) {
                        policies.add(read.policy());
                        if (read.binding() != null) {
                            bindings.add(read.binding());
                        }
                    } else {
                        problems.add(Problem.of(doc.source().at("metadata.name"), read.policy().name(),
                                "Duplicate value: another policy already has this name"));
                    }
                } else if (read.binding() != null) {
                    if (bindingNames.add(read.binding().name())) {
                        bindings.add(read.binding());
                    } else {
                        problems.add(Problem.of(doc.source().at("metadata.name"), null,
                                "Duplicate value: another binding is named '" + read.binding().name() + "'"));
                    }
                }
            } else if (!doc.apiVersion().isEmpty() && !doc.kind().isEmpty()) {
                objects.add(doc.node());
            }
        }
        return new PolicySet(policies, bindings, mutatingPolicies, mutatingBindings, objects, problems, exceptions);
    }

    /** Returns null for documents of our groups that are not policies (e.g. policy tests). */
    private PolicyDocumentReader.Read readPolicyDocument(Document doc) {
        String version = doc.apiVersion().substring(doc.group().length() + 1);
        String kind = doc.kind();
        if (doc.group().equals(CELADOR_GROUP)) {
            if (CELADOR_NON_POLICY_KINDS.contains(kind)) {
                return null;
            }
            if (!version.equals("v1alpha1")) {
                return unsupported(doc, "unsupported version '" + doc.apiVersion() + "': supported: celador.dev/v1alpha1");
            }
            return switch (kind) {
                case PolicyDocumentReader.SELF_CONTAINED_KIND -> reader.readSelfContainedPolicy(doc);
                case PolicyDocumentReader.SELF_CONTAINED_MUTATING_KIND -> reader.readSelfContainedMutatingPolicy(doc);
                default -> unsupported(doc, "unknown kind '" + kind + "' in group celador.dev: expected ValidatingPolicy, MutatingPolicy or PolicyException");
            };
        }
        if (!NATIVE_VERSIONS.contains(version)) {
            return unsupported(doc, "unsupported version '" + doc.apiVersion() + "'");
        }
        return switch (kind) {
            case "ValidatingAdmissionPolicy" -> reader.readValidatingAdmissionPolicy(doc);
            case "ValidatingAdmissionPolicyBinding" -> reader.readBinding(doc);
            case "MutatingAdmissionPolicy" -> reader.readMutatingAdmissionPolicy(doc);
            case "MutatingAdmissionPolicyBinding" -> reader.readMutatingBinding(doc);
            default -> unsupported(doc, "unknown kind '" + kind + "' in group " + NATIVE_GROUP
                    + ": expected ValidatingAdmissionPolicy, MutatingAdmissionPolicy or their bindings");
        };
    }

    private static PolicyDocumentReader.Read unsupported(Document doc, String message) {
        return new PolicyDocumentReader.Read(null, null, List.of(Problem.of(doc.source().at("kind"), doc.name(), message)));
    }
}
