package dev.celador.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads matchConstraints / matchResources and label selectors, with native validation rules. */
final class MatchResourcesReader {

    private static final Set<String> OPERATIONS = Set.of("*", "CREATE", "UPDATE", "DELETE", "CONNECT");
    private static final Set<String> SCOPES = Set.of("*", "Cluster", "Namespaced");
    private static final Set<String> SELECTOR_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private final FieldReader fields;

    MatchResourcesReader(FieldReader fields) {
        this.fields = fields;
    }

    /** Reads a match block; resourceRulesRequired is true for a policy's matchConstraints. */
    MatchResources read(JsonNode node, SourceRef at, boolean resourceRulesRequired) {
        LabelSelector namespaceSelector = selector(node, "namespaceSelector", at);
        LabelSelector objectSelector = selector(node, "objectSelector", at);
        List<ResourceRule> rules = rules(node, "resourceRules", at);
        if (resourceRulesRequired && rules.isEmpty() && node.path("resourceRules").size() == 0) {
            fields.problem(at.at("resourceRules"), "Required value: at least one resource rule");
        }
        List<ResourceRule> excludes = rules(node, "excludeResourceRules", at);
        String matchPolicy = fields.string(node, "matchPolicy", at);
        MatchPolicy policy = MatchPolicy.EQUIVALENT;
        if ("Exact".equals(matchPolicy)) {
            policy = MatchPolicy.EXACT;
        } else if (matchPolicy != null && !"Equivalent".equals(matchPolicy)) {
            fields.problem(at.at("matchPolicy"), "Unsupported value: \"" + matchPolicy + "\": supported values: \"Equivalent\", \"Exact\"");
        }
        return new MatchResources(namespaceSelector, objectSelector, rules, excludes, policy);
    }

    LabelSelector selector(JsonNode parent, String field, SourceRef at) {
        JsonNode node = fields.object(parent, field, at);
        if (node == null) {
            return LabelSelector.EVERYTHING;
        }
        SourceRef here = at.at(field);
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        List<JsonNode> expressions = fields.list(node, "matchExpressions", here);
        for (int i = 0; i < expressions.size(); i++) {
            SourceRef exprAt = here.at("matchExpressions").index(i);
            JsonNode expr = expressions.get(i);
            String key = fields.requiredString(expr, "key", exprAt);
            String operator = fields.requiredString(expr, "operator", exprAt);
            List<String> values = fields.strings(expr, "values", exprAt);
            if (operator != null && !SELECTOR_OPERATORS.contains(operator)) {
                fields.problem(exprAt.at("operator"), "Unsupported value: \"" + operator + "\": supported values: In, NotIn, Exists, DoesNotExist");
            } else if (operator != null && (operator.equals("In") || operator.equals("NotIn")) && values.isEmpty()) {
                fields.problem(exprAt.at("values"), "Required value: must be specified when operator is In or NotIn");
            } else if (operator != null && (operator.equals("Exists") || operator.equals("DoesNotExist")) && !values.isEmpty()) {
                fields.problem(exprAt.at("values"), "Forbidden: may not be specified when operator is Exists or DoesNotExist");
            }
            if (key != null && operator != null) {
                requirements.add(new LabelSelector.Requirement(key, operator, values));
            }
        }
        return new LabelSelector(fields.stringMap(node, "matchLabels", here), requirements);
    }

    private List<ResourceRule> rules(JsonNode parent, String field, SourceRef at) {
        List<ResourceRule> out = new ArrayList<>();
        List<JsonNode> items = fields.list(parent, field, at);
        for (int i = 0; i < items.size(); i++) {
            SourceRef ruleAt = at.at(field).index(i);
            JsonNode rule = items.get(i);
            List<String> groups = requiredList(rule, "apiGroups", ruleAt);
            List<String> versions = requiredList(rule, "apiVersions", ruleAt);
            List<String> resources = requiredList(rule, "resources", ruleAt);
            List<String> operations = requiredList(rule, "operations", ruleAt);
            for (String op : operations) {
                if (!OPERATIONS.contains(op)) {
                    fields.problem(ruleAt.at("operations"), "Unsupported value: \"" + op + "\": supported values: \"*\", CREATE, UPDATE, DELETE, CONNECT");
                }
            }
            String scope = fields.string(rule, "scope", ruleAt);
            if (scope != null && !SCOPES.contains(scope)) {
                fields.problem(ruleAt.at("scope"), "Unsupported value: \"" + scope + "\": supported values: \"*\", Cluster, Namespaced");
            }
            out.add(new ResourceRule(groups, versions, resources, operations,
                    fields.strings(rule, "resourceNames", ruleAt), scope));
        }
        return out;
    }

    private List<String> requiredList(JsonNode rule, String field, SourceRef at) {
        List<String> values = fields.strings(rule, field, at);
        if (values.isEmpty()) {
            fields.problem(at.at(field), "Required value");
        }
        return values;
    }
}
