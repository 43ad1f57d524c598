package dev.celador.policy;

import java.util.List;

/** A matchCondition or a variable: a name and a CEL expression, with the place it was written. */
public record NamedExpression(String name, String expression, SourceRef source) {

    static void placed(List<NamedExpression> expressions, List<PlacedExpression> into) {
        for (NamedExpression e : expressions) {
            into.add(new PlacedExpression(e.expression(), e.source().at("expression")));
        }
    }
}
