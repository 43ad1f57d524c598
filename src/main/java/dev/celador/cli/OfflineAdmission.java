package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.match.AdmissionMatcher;
import dev.celador.engine.match.ResourceRuleMatcher;
import dev.celador.engine.mutate.MutationResult;
import dev.celador.engine.mutate.MutationVerdict;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.policy.MatchResources;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.PolicySet;
import dev.celador.policy.ValidationAction;
import dev.celador.view.ClusterView;
import dev.celador.view.ResourceNames;
import dev.celador.view.StaticClusterView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One resource through the webhook's engine without a cluster, as `celador check` and `celador
 * test` both do it: unbound native policies bound as [Deny], mutation before validation, and a
 * skip for every (policy, binding) pair that did not match.
 */
final class OfflineAdmission {

    /** What a request carries besides the object: the operation and who sends it. */
    record Requester(String operation, String user, List<String> groups) {

        Requester {
            groups = List.copyOf(groups);
        }
    }

    /** One resource checked: the object validation saw (mutated when a mutation applied) and every result. */
    record Checked(JsonNode object, JsonNode mutated, ArrayNode patch, boolean mutationAllowed, String mutationMessage,
            List<PolicyResult> results, List<MutationResult> mutations, Map<String, String> skipReasons) {

        Checked {
            results = List.copyOf(results);
            mutations = List.copyOf(mutations);
            skipReasons = Map.copyOf(skipReasons);
        }

        /** Why a skip result is one: an exception, "not matched", "excluded", ...; null for any other result. */
        String skipReason(PolicyResult r) {
            if (!r.result().equals("skip")) {
                return null;
            }
            if (r.exemption() != null) {
                return "exception " + r.exemption().exception() + ": " + r.exemption().reason();
            }
            return skipReasons.getOrDefault(key(r.policy(), r.binding()), "matchConditions not met");
        }
    }

    private static String key(String policy, String binding) {
        return policy + "\u0000" + binding;
    }

    private final CompileResult compiled;
    private final ClusterView view;
    private final Engine engine;

    private OfflineAdmission(CompileResult compiled, ClusterView view) {
        this.compiled = compiled;
        this.view = view;
        this.engine = new Engine(new PolicyRegistry(new PolicySnapshot(compiled)), view);
    }

    /** Compiles the loaded set with unbound native policies bound as [Deny]; check problems() before use. */
    static CompileResult compile(PolicySet loaded) {
        return new PolicyCompiler(CliCelEnvironment.get()).compile(bindUnbound(loaded));
    }

    /** An engine on compiled policies whose lookups and namespace selectors see the visible objects. */
    static OfflineAdmission of(CompileResult compiled, List<JsonNode> visible) {
        return new OfflineAdmission(compiled, new StaticClusterView(visible));
    }

    /** An engine on compiled policies whose lookups and namespace selectors read this view. */
    static OfflineAdmission of(CompileResult compiled, ClusterView view) {
        return new OfflineAdmission(compiled, view);
    }

    Checked check(JsonNode object, JsonNode oldObject, Requester requester) {
        AdmissionRequest request = AdmissionRequest.of(request(object, oldObject, requester));
        // As in the API server, mutation runs first and validation sees the mutated object.
        MutationVerdict mutation = engine.mutate(request);
        JsonNode mutated = request.object();
        if (mutation.allowed() && !mutation.patch().isEmpty()) {
            request = request.withObject(mutation.mutated());
            mutated = mutation.mutated();
        }
        AdmissionVerdict verdict = engine.validate(request);
        Map<String, String> skipReasons = new HashMap<>();
        List<PolicyResult> results = withSkips(verdict.results(), request, skipReasons);
        return new Checked(object, mutated, mutation.patch(), mutation.allowed(), mutation.message(), results, mutation.results(),
                skipReasons);
    }

    /** The namespace a request for this object carries: its own, else "default" for a namespaced kind, as kubectl sends it. */
    static String namespaceOf(JsonNode object) {
        String namespace = object.path("metadata").path("namespace").asText("");
        if (namespace.isEmpty() && StaticClusterView.empty().isNamespaced(object.path("apiVersion").asText(), object.path("kind").asText())) {
            return "default";
        }
        return namespace;
    }

    /** Why a policy under a binding did not apply to a request: the first match step that left it out. */
    private String skipReason(CompiledPolicy policy, PolicyBinding binding, AdmissionRequest request) {
        String ofPolicy = notSelected(policy.source().matchConstraints(), request, "the policy's");
        if (ofPolicy != null) {
            return ofPolicy;
        }
        String ofBinding = notSelected(binding.matchResources(), request, "the binding's");
        return ofBinding != null ? ofBinding : "matchConditions not met";
    }

    private String notSelected(MatchResources match, AdmissionRequest request, String whose) {
        if (match == null) {
            return null;
        }
        if (!match.resourceRules().isEmpty() && !ResourceRuleMatcher.matchesAny(match.resourceRules(), request, match.matchPolicy())) {
            return "not matched: " + whose + " resourceRules do not select " + request.operation() + " " + request.resource();
        }
        if (ResourceRuleMatcher.matchesAny(match.excludeResourceRules(), request, match.matchPolicy())) {
            return "excluded: " + whose + " excludeResourceRules";
        }
        if (!AdmissionMatcher.matches(match, request, view).matches()) {
            return "not matched: " + whose + " objectSelector or namespaceSelector";
        }
        return null;
    }

    /** A native policy with no binding is checked as if bound with [Deny], as the architecture pins. */
    private static PolicySet bindUnbound(PolicySet set) {
        Set<String> bound = new HashSet<>();
        set.bindings().forEach(b -> bound.add(b.policyName()));
        List<PolicyBinding> bindings = new ArrayList<>(set.bindings());
        set.policies().stream().filter(p -> !bound.contains(p.name()))
                .forEach(p -> bindings.add(new PolicyBinding(null, p.name(), null, null, List.of(ValidationAction.DENY), p.source())));
        return new PolicySet(set.policies(), bindings, set.mutatingPolicies(), set.mutatingBindings(), set.objects(), set.problems(),
                set.exceptions());
    }

    /** The engine reports matched bindings only; every other (policy, binding) pair is a skip. */
    private List<PolicyResult> withSkips(List<PolicyResult> results, AdmissionRequest request, Map<String, String> reasons) {
        Set<String> seen = new HashSet<>();
        results.forEach(r -> seen.add(key(r.policy(), r.binding())));
        List<PolicyResult> all = new ArrayList<>(results);
        for (CompiledPolicy p : compiled.policies()) {
            for (PolicyBinding b : compiled.bindings()) {
                if (b.policyName().equals(p.name()) && !seen.contains(key(p.name(), b.name()))) {
                    reasons.put(key(p.name(), b.name()), skipReason(p, b, request));
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

    private static ObjectNode request(JsonNode object, JsonNode oldObject, Requester requester) {
        ObjectMapper json = new ObjectMapper();
        String operation = requester.operation();
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        String kind = object.path("kind").asText();
        String namespace = namespaceOf(object);
        ObjectNode request = json.createObjectNode();
        request.put("uid", "celador-check");
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version).put("resource", ResourceNames.resourceOf(kind));
        request.put("name", object.path("metadata").path("name").asText(""));
        request.put("namespace", namespace);
        request.put("operation", operation);
        ObjectNode userInfo = request.putObject("userInfo").put("username", requester.user());
        ArrayNode groupList = userInfo.putArray("groups");
        requester.groups().forEach(groupList::add);
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
}
