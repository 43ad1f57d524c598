package dev.celador.cli;

import dev.celador.cel.lib.ResourceLookupLibrary;
import dev.celador.policy.AuditAnnotation;
import dev.celador.policy.MutatingPolicy;
import dev.celador.policy.Mutation;
import dev.celador.policy.NamedExpression;
import dev.celador.policy.SourceRef;
import dev.celador.policy.ValidatingPolicy;
import dev.celador.policy.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Celador extensions a policy's expressions call that the API server does not have:
 * the cluster lookups resource.Get and resource.List. A text scan of every expression; a call
 * written inside a string literal is also reported, which errs on the side of not exporting.
 */
final class ExtensionScan {

    /** One call of an extension: the function and the field path of the expression that calls it. */
    record Use(String function, String fieldPath) {
    }

    private static final Pattern LOOKUP = Pattern.compile("\\bresource\\s*\\.\\s*(Get|List)\\s*\\(");

    private ExtensionScan() {
    }

    static List<Use> of(ValidatingPolicy policy) {
        List<Use> uses = new ArrayList<>();
        named(policy.matchConditions(), uses);
        named(policy.variables(), uses);
        for (Validation v : policy.validations()) {
            scan(v.expression(), v.source().at("expression"), uses);
            scan(v.messageExpression(), v.source().at("messageExpression"), uses);
        }
        for (AuditAnnotation a : policy.auditAnnotations()) {
            scan(a.valueExpression(), a.source().at("valueExpression"), uses);
        }
        return uses;
    }

    static List<Use> of(MutatingPolicy policy) {
        List<Use> uses = new ArrayList<>();
        named(policy.matchConditions(), uses);
        named(policy.variables(), uses);
        for (Mutation m : policy.mutations()) {
            scan(m.expression(), m.source().at("expression"), uses);
        }
        return uses;
    }

    private static void named(List<NamedExpression> expressions, List<Use> uses) {
        for (NamedExpression e : expressions) {
            scan(e.expression(), e.source().at("expression"), uses);
        }
    }

    private static void scan(String expression, SourceRef at, List<Use> uses) {
        if (expression == null) {
            return;
        }
        Matcher m = LOOKUP.matcher(expression);
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            String function = m.group(1).equals("Get") ? ResourceLookupLibrary.GET : ResourceLookupLibrary.LIST;
            if (!seen.contains(function)) {
                seen.add(function);
                uses.add(new Use(function, at.fieldPath()));
            }
        }
    }
}
