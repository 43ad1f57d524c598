package dev.celador.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one policy or binding document into the model, collecting every structural problem.
 * Expressions are only checked for presence here; PolicyCompiler compiles them.
 */
final class PolicyDocumentReader {

    static final String SELF_CONTAINED_KIND = "ValidatingPolicy";
    static final String SELF_CONTAINED_MUTATING_KIND = "MutatingPolicy";
    private static final Set<String> REASONS = Set.of("Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge");
    private static final Pattern CEL_IDENTIFIER = Pattern.compile("[_a-zA-Z][_a-zA-Z0-9]*");

    /** The outcome of reading one document: what it defines, or its problems. */
    record Read(ValidatingPolicy policy, PolicyBinding binding, MutatingPolicy mutatingPolicy, MutatingBinding mutatingBinding,
            List<Problem> problems) {

        Read(ValidatingPolicy policy, PolicyBinding binding, List<Problem> problems) {
            this(policy, binding, null, null, problems);
        }

        static Read problems(List<Problem> problems) {
            return new Read(null, null, null, null, problems);
        }

        static Read mutating(MutatingPolicy policy, MutatingBinding binding) {
            return new Read(null, null, policy, binding, List.of());
        }
    }

    Read readValidatingAdmissionPolicy(Document doc) {
        FieldReader fields = new FieldReader(doc.name());
        ValidatingPolicy policy = readPolicy(doc, fields, "ValidatingAdmissionPolicy");
        if (!fields.hasProblems()) {
            return new Read(policy, null, List.of());
        }
        return matchable(policy, fields.problems()) ? new Read(policy, null, fields.problems()) : new Read(null, null, fields.problems());
    }

    /**
     * Whether a policy document with problems still loads, to fail as its failurePolicy says (see
     * PolicyCompiler): its name and matchConstraints read cleanly, so the requests it exists for
     * are known. Otherwise the problems are all there is of it.
     */
    private static boolean matchable(String name, MatchResources matchConstraints, List<Problem> problems) {
        if (name == null || matchConstraints == null) {
            return false;
        }
        for (Problem p : problems) {
            String field = p.source().fieldPath() == null ? "" : p.source().fieldPath();
            if (field.isEmpty() || field.startsWith("metadata") || field.equals("spec") || field.startsWith("spec.matchConstraints")) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchable(ValidatingPolicy policy, List<Problem> problems) {
        return policy != null && matchable(policy.name(), policy.matchConstraints(), problems);
    }

    private static boolean matchable(MutatingPolicy policy, List<Problem> problems) {
        return policy != null && matchable(policy.name(), policy.matchConstraints(), problems);
    }

    /** A self-contained celador.dev ValidatingPolicy: the native spec plus its own binding part. */
    Read readSelfContainedPolicy(Document doc) {
        FieldReader fields = new FieldReader(doc.name());
        ValidatingPolicy policy = readPolicy(doc, fields, SELF_CONTAINED_KIND);
        JsonNode spec = doc.node().path("spec");
        SourceRef specAt = doc.source().at("spec");
        List<ValidationAction> actions = spec.has("validationActions")
                ? validationActions(spec, specAt, fields)
                : List.of(ValidationAction.DENY);
        ParamRef paramRef = paramRef(spec, specAt, fields);
        if (!fields.hasProblems()) {
            return new Read(policy, new PolicyBinding(null, doc.name(), paramRef, null, actions, doc.source()), List.of());
        }
        if (!matchable(policy, fields.problems())) {
            return new Read(null, null, fields.problems());
        }
        // It fails as a whole, so its binding part needs nothing that may be broken.
        return new Read(policy, new PolicyBinding(null, doc.name(), null, null, List.of(ValidationAction.DENY), doc.source()),
                fields.problems());
    }

    /** The parts both binding kinds share; null (with the problem recorded) when there is no spec. */
    private record CommonBinding(String name, JsonNode spec, SourceRef specAt, String policyName, ParamRef paramRef,
            MatchResources matchResources) {
    }

    private CommonBinding readCommonBinding(Document doc, FieldReader fields) {
        SourceRef at = doc.source();
        String name = fields.requiredString(doc.node().path("metadata"), "name", at.at("metadata"));
        JsonNode spec = fields.object(doc.node(), "spec", at);
        if (spec == null) {
            fields.problem(at.at("spec"), "Required value");
            return null;
        }
        SourceRef specAt = at.at("spec");
        String policyName = fields.requiredString(spec, "policyName", specAt);
        ParamRef paramRef = paramRef(spec, specAt, fields);
        JsonNode match = fields.object(spec, "matchResources", specAt);
        MatchResources matchResources = match == null ? null
                : new MatchResourcesReader(fields).read(match, specAt.at("matchResources"), false);
        return new CommonBinding(name, spec, specAt, policyName, paramRef, matchResources);
    }

    Read readBinding(Document doc) {
        FieldReader fields = new FieldReader(null);
        CommonBinding b = readCommonBinding(doc, fields);
        List<ValidationAction> actions = b == null ? List.of() : validationActions(b.spec(), b.specAt(), fields);
        if (fields.hasProblems()) {
            return Read.problems(fields.problems());
        }
        return new Read(null, new PolicyBinding(b.name(), b.policyName(), b.paramRef(), b.matchResources(), actions, doc.source()),
                List.of());
    }

    /** The parts every admission policy spec shares, validating or mutating. */
    private record CommonSpec(String name, JsonNode spec, SourceRef specAt, ParamKind paramKind, MatchResources matchConstraints,
            List<NamedExpression> matchConditions, List<NamedExpression> variables, FailurePolicy failurePolicy) {
    }

    private CommonSpec readCommon(Document doc, FieldReader fields) {
        SourceRef at = doc.source();
        String name = fields.requiredString(doc.node().path("metadata"), "name", at.at("metadata"));
        JsonNode spec = fields.object(doc.node(), "spec", at);
        if (spec == null) {
            fields.problem(at.at("spec"), "Required value");
            return null;
        }
        SourceRef specAt = at.at("spec");

        ParamKind paramKind = null;
        JsonNode pk = fields.object(spec, "paramKind", specAt);
        if (pk != null) {
            String apiVersion = fields.requiredString(pk, "apiVersion", specAt.at("paramKind"));
            String pkKind = fields.requiredString(pk, "kind", specAt.at("paramKind"));
            paramKind = new ParamKind(apiVersion, pkKind);
        }

        JsonNode match = fields.object(spec, "matchConstraints", specAt);
        MatchResources matchConstraints = null;
        if (match == null) {
            fields.problem(specAt.at("matchConstraints"), "Required value");
        } else {
            matchConstraints = new MatchResourcesReader(fields).read(match, specAt.at("matchConstraints"), true);
        }

        List<NamedExpression> matchConditions = namedExpressions(spec, "matchConditions", "expression", specAt, fields);
        if (matchConditions.size() > 64) {
            fields.problem(specAt.at("matchConditions"), "Too many: " + matchConditions.size() + ": must have at most 64 items");
        }
        List<NamedExpression> variables = namedExpressions(spec, "variables", "expression", specAt, fields);
        for (NamedExpression v : variables) {
            if (v.name() != null && !CEL_IDENTIFIER.matcher(v.name()).matches()) {
                fields.problem(v.source().at("name"), "Invalid value: \"" + v.name() + "\": must be a valid CEL identifier");
            }
        }

        FailurePolicy failurePolicy = FailurePolicy.FAIL;
        String fp = fields.string(spec, "failurePolicy", specAt);
        if ("Ignore".equals(fp)) {
            failurePolicy = FailurePolicy.IGNORE;
        } else if (fp != null && !"Fail".equals(fp)) {
            fields.problem(specAt.at("failurePolicy"), "Unsupported value: \"" + fp + "\": supported values: \"Fail\", \"Ignore\"");
        }
        return new CommonSpec(name, spec, specAt, paramKind, matchConstraints, matchConditions, variables, failurePolicy);
    }

    private ValidatingPolicy readPolicy(Document doc, FieldReader fields, String kind) {
        CommonSpec common = readCommon(doc, fields);
        if (common == null) {
            return null;
        }
        JsonNode spec = common.spec();
        SourceRef specAt = common.specAt();
        List<Validation> validations = new ArrayList<>();
        Set<String> validationNames = new HashSet<>();
        List<JsonNode> items = fields.list(spec, "validations", specAt);
        for (int i = 0; i < items.size(); i++) {
            SourceRef vAt = specAt.at("validations").index(i);
            JsonNode v = items.get(i);
            String expression = fields.requiredString(v, "expression", vAt);
            String message = fields.string(v, "message", vAt);
            if (message != null && message.contains("\n")) {
                fields.problem(vAt.at("message"), "Invalid value: message must not contain line breaks");
            }
            String messageExpression = fields.string(v, "messageExpression", vAt);
            String reason = fields.string(v, "reason", vAt);
            if (reason != null && !REASONS.contains(reason)) {
                fields.problem(vAt.at("reason"), "Unsupported value: \"" + reason + "\": supported values: Unauthorized, Forbidden, Invalid, RequestEntityTooLarge");
            }
            String validationName = fields.string(v, "name", vAt);
            if (validationName != null && !validationNames.add(validationName)) {
                fields.problem(vAt.at("name"), "Duplicate value: \"" + validationName + "\"");
            }
            validations.add(new Validation(expression, message, messageExpression, reason, vAt, validationName));
        }

        List<AuditAnnotation> auditAnnotations = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        List<JsonNode> annotations = fields.list(spec, "auditAnnotations", specAt);
        for (int i = 0; i < annotations.size(); i++) {
            SourceRef aAt = specAt.at("auditAnnotations").index(i);
            String key = fields.requiredString(annotations.get(i), "key", aAt);
            String value = fields.requiredString(annotations.get(i), "valueExpression", aAt);
            if (key != null && !keys.add(key)) {
                fields.problem(aAt.at("key"), "Duplicate value: \"" + key + "\"");
            }
            auditAnnotations.add(new AuditAnnotation(key, value, aAt));
        }
        if (items.isEmpty() && annotations.isEmpty()) {
            fields.problem(specAt.at("validations"), "Required value: validations or auditAnnotations must contain at least one item");
        }
        return new ValidatingPolicy(common.name(), kind, doc.source(), common.paramKind(), common.matchConstraints(),
                common.matchConditions(), common.variables(), validations, auditAnnotations, common.failurePolicy());
    }

    Read readMutatingAdmissionPolicy(Document doc) {
        FieldReader fields = new FieldReader(doc.name());
        MutatingPolicy policy = readMutatingPolicy(doc, fields, "MutatingAdmissionPolicy");
        if (!fields.hasProblems()) {
            return Read.mutating(policy, null);
        }
        return matchable(policy, fields.problems()) ? new Read(null, null, policy, null, fields.problems()) : Read.problems(fields.problems());
    }

    /** A self-contained celador.dev MutatingPolicy: the native spec, bound to itself. */
    Read readSelfContainedMutatingPolicy(Document doc) {
        FieldReader fields = new FieldReader(doc.name());
        MutatingPolicy policy = readMutatingPolicy(doc, fields, SELF_CONTAINED_MUTATING_KIND);
        ParamRef paramRef = paramRef(doc.node().path("spec"), doc.source().at("spec"), fields);
        if (!fields.hasProblems()) {
            return Read.mutating(policy, new MutatingBinding(null, doc.name(), paramRef, null, doc.source()));
        }
        return matchable(policy, fields.problems())
                ? new Read(null, null, policy, new MutatingBinding(null, doc.name(), null, null, doc.source()), fields.problems())
                : Read.problems(fields.problems());
    }

    Read readMutatingBinding(Document doc) {
        FieldReader fields = new FieldReader(null);
        CommonBinding b = readCommonBinding(doc, fields);
        return fields.hasProblems() ? Read.problems(fields.problems())
                : Read.mutating(null, new MutatingBinding(b.name(), b.policyName(), b.paramRef(), b.matchResources(), doc.source()));
    }

    private MutatingPolicy readMutatingPolicy(Document doc, FieldReader fields, String kind) {
        CommonSpec common = readCommon(doc, fields);
        if (common == null) {
            return null;
        }
        JsonNode spec = common.spec();
        SourceRef specAt = common.specAt();
        List<Mutation> mutations = new ArrayList<>();
        List<JsonNode> items = fields.list(spec, "mutations", specAt);
        if (items.isEmpty()) {
            fields.problem(specAt.at("mutations"), "Required value: at least one mutation");
        }
        for (int i = 0; i < items.size(); i++) {
            SourceRef mAt = specAt.at("mutations").index(i);
            JsonNode m = items.get(i);
            String patchType = fields.requiredString(m, "patchType", mAt);
            if ("ApplyConfiguration".equals(patchType)) {
                JsonNode ac = fields.object(m, "applyConfiguration", mAt);
                String expression = ac == null ? null : fields.requiredString(ac, "expression", mAt.at("applyConfiguration"));
                if (ac == null) {
                    fields.problem(mAt.at("applyConfiguration"), "Required value: patchType ApplyConfiguration needs applyConfiguration");
                }
                mutations.add(new Mutation(Mutation.PatchType.APPLY_CONFIGURATION, expression, mAt.at("applyConfiguration")));
            } else if ("JSONPatch".equals(patchType)) {
                JsonNode jp = fields.object(m, "jsonPatch", mAt);
                String expression = jp == null ? null : fields.requiredString(jp, "expression", mAt.at("jsonPatch"));
                if (jp == null) {
                    fields.problem(mAt.at("jsonPatch"), "Required value: patchType JSONPatch needs jsonPatch");
                }
                mutations.add(new Mutation(Mutation.PatchType.JSON_PATCH, expression, mAt.at("jsonPatch")));
            } else if (patchType != null) {
                fields.problem(mAt.at("patchType"), "Unsupported value: \"" + patchType + "\": supported values: ApplyConfiguration, JSONPatch");
            }
        }
        String reinvocation = fields.string(spec, "reinvocationPolicy", specAt);
        if (reinvocation != null && !reinvocation.equals("Never") && !reinvocation.equals("IfNeeded")) {
            fields.problem(specAt.at("reinvocationPolicy"), "Unsupported value: \"" + reinvocation + "\": supported values: Never, IfNeeded");
        }
        return new MutatingPolicy(common.name(), kind, doc.source(), common.paramKind(), common.matchConstraints(),
                common.matchConditions(), common.variables(), mutations, common.failurePolicy(), "IfNeeded".equals(reinvocation));
    }

    private List<NamedExpression> namedExpressions(JsonNode spec, String field, String exprField, SourceRef at, FieldReader fields) {
        List<NamedExpression> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> items = fields.list(spec, field, at);
        for (int i = 0; i < items.size(); i++) {
            SourceRef itemAt = at.at(field).index(i);
            String name = fields.requiredString(items.get(i), "name", itemAt);
            String expression = fields.requiredString(items.get(i), exprField, itemAt);
            if (name != null && !names.add(name)) {
                fields.problem(itemAt.at("name"), "Duplicate value: \"" + name + "\"");
            }
            out.add(new NamedExpression(name, expression, itemAt));
        }
        return out;
    }

    private List<ValidationAction> validationActions(JsonNode spec, SourceRef at, FieldReader fields) {
        List<ValidationAction> actions = new ArrayList<>();
        List<String> raw = fields.strings(spec, "validationActions", at);
        if (raw.isEmpty()) {
            fields.problem(at.at("validationActions"), "Required value: at least one validation action");
        }
        for (String s : raw) {
            ValidationAction action = ValidationAction.fromWire(s);
            if (action == null) {
                fields.problem(at.at("validationActions"), "Unsupported value: \"" + s + "\": supported values: Deny, Warn, Audit");
            } else if (actions.contains(action)) {
                fields.problem(at.at("validationActions"), "Duplicate value: \"" + s + "\"");
            } else {
                actions.add(action);
            }
        }
        if (actions.contains(ValidationAction.DENY) && actions.contains(ValidationAction.WARN)) {
            fields.problem(at.at("validationActions"),
                    "Invalid value: Deny and Warn may not be used together: a denied request already reports the failure");
        }
        return actions;
    }

    private ParamRef paramRef(JsonNode spec, SourceRef at, FieldReader fields) {
        JsonNode ref = fields.object(spec, "paramRef", at);
        if (ref == null) {
            return null;
        }
        SourceRef refAt = at.at("paramRef");
        String name = fields.string(ref, "name", refAt);
        String namespace = fields.string(ref, "namespace", refAt);
        LabelSelector selector = ref.has("selector")
                ? new MatchResourcesReader(fields).selector(ref, "selector", refAt) : null;
        if ((name == null || name.isEmpty()) == (selector == null)) {
            fields.problem(refAt, "Invalid value: exactly one of name or selector must be set");
        }
        String action = fields.string(ref, "parameterNotFoundAction", refAt);
        if (action == null) {
            fields.problem(refAt.at("parameterNotFoundAction"), "Required value: Allow or Deny");
        } else if (!action.equals("Allow") && !action.equals("Deny")) {
            fields.problem(refAt.at("parameterNotFoundAction"), "Unsupported value: \"" + action + "\": supported values: Allow, Deny");
        }
        return new ParamRef(name, namespace, selector, "Deny".equals(action));
    }
}
