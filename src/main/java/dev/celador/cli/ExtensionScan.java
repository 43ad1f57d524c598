package dev.celador.cli;

import dev.celador.cel.lib.ResourceLookupLibrary;
import dev.celador.policy.MutatingPolicy;
import dev.celador.policy.PlacedExpression;
import dev.celador.policy.SourceRef;
import dev.celador.policy.ValidatingPolicy;
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
        return scan(policy.expressions());
    }

    static List<Use> of(MutatingPolicy policy) {
        return scan(policy.expressions());
    }

    private static List<Use> scan(List<PlacedExpression> expressions) {
        List<Use> uses = new ArrayList<>();
        expressions.forEach(e -> scan(e.text(), e.source(), uses));
        return uses;
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
