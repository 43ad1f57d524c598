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
    private static final Set<String> REASONS = Set.of("Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge");
    private static final Pattern CEL_IDENTIFIER = Pattern.compile("[_a-zA-Z][_a-zA-Z0-9]*");

    /** The outcome of reading one document: what it defines, or its problems. */
    record Read(ValidatingPolicy policy, PolicyBinding binding, List<Problem> problems) {
    }

    Read readValidatingAdmissionPolicy(Document doc) {
        FieldReader fields = new FieldReader(doc.name());
        ValidatingPolicy policy = readPolicy(doc, fields, "ValidatingAdmissionPolicy");
        return fields.hasProblems() ? new Read(null, null, fields.problems()) : new Read(policy, null, List.of());
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
        PolicyBinding binding = new PolicyBinding(null, doc.name(), paramRef, null, actions, doc.source());
        return fields.hasProblems() ? new Read(null, null, fields.problems()) : new Read(policy, binding, List.of());
    }

    Read readBinding(Document doc) {
        FieldReader fields = new FieldReader(null);
        SourceRef at = doc.source();
        String name = fields.requiredString(doc.node().path("metadata"), "name", at.at("metadata"));
        JsonNode spec = fields.object(doc.node(), "spec", at);
        if (spec == null) {
            fields.problem(at.at("spec"), "Required value");
            return new Read(null, null, fields.problems());
        }
        SourceRef specAt = at.at("spec");
        String policyName = fields.requiredString(spec, "policyName", specAt);
        List<ValidationAction> actions = validationActions(spec, specAt, fields);
        ParamRef paramRef = paramRef(spec, specAt, fields);
        JsonNode match = fields.object(spec, "matchResources", specAt);
        MatchResources matchResources = match == null ? null
                : new MatchResourcesReader(fields).read(match, specAt.at("matchResources"), false);
        if (fields.hasProblems()) {
            return new Read(null, null, fields.problems());
        }
        return new Read(null, new PolicyBinding(name, policyName, paramRef, matchResources, actions, at), List.of());
    }

    private ValidatingPolicy readPolicy(Document doc, FieldReader fields, String kind) {
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

        List<Validation> validations = new ArrayList<>();
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
            validations.add(new Validation(expression, message, messageExpression, reason, vAt));
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

        FailurePolicy failurePolicy = FailurePolicy.FAIL;
        String fp = fields.string(spec, "failurePolicy", specAt);
        if ("Ignore".equals(fp)) {
            failurePolicy = FailurePolicy.IGNORE;
        } else if (fp != null && !"Fail".equals(fp)) {
            fields.problem(specAt.at("failurePolicy"), "Unsupported value: \"" + fp + "\": supported values: \"Fail\", \"Ignore\"");
        }
        return new ValidatingPolicy(name, kind, at, paramKind, matchConstraints, matchConditions, variables,
                validations, auditAnnotations, failurePolicy);
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
