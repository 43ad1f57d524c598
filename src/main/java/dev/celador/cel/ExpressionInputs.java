package dev.celador.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.celador.cel.lib.ResourceLookupLibrary;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a checked expression reads besides params and constants: whether it reads the request
 * (object, oldObject, request, namespaceObject, authorizer, the whole variables map or a cluster
 * lookup), and which variables it reads by name. An expression that reads neither the request nor a
 * request-dependent variable has the same value for the same params on every request.
 * Conservative: a comprehension variable named like a request variable counts as reading it.
 */
public record ExpressionInputs(boolean readsRequest, Set<String> variables) {

    private static final Set<String> REQUEST_ROOTS = Set.of(CelEnvironment.OBJECT, CelEnvironment.OLD_OBJECT,
            CelEnvironment.REQUEST, CelEnvironment.NAMESPACE_OBJECT, "authorizer");
    private static final Set<String> LOOKUPS = Set.of(ResourceLookupLibrary.GET, ResourceLookupLibrary.LIST);

    /** For expressions whose inputs are not known: they read the request. */
    public static final ExpressionInputs UNKNOWN = new ExpressionInputs(true, Set.of());

    static ExpressionInputs of(CelAbstractSyntaxTree ast) {
        Walk walk = new Walk();
        walk.visit(ast.getExpr());
        // `variables` used other than as variables.name (indexed, passed whole): which ones is unknown.
        return new ExpressionInputs(walk.readsRequest || walk.variablesMentions != 0, Set.copyOf(walk.variables));
    }

    /** One pass over the expression tree (a plain walk: this runs for every expression of every load). */
    private static final class Walk {
        boolean readsRequest;
        int variablesMentions;
        final Set<String> variables = new TreeSet<>();

        void visit(CelExpr e) {
            switch (e.getKind()) {
                case IDENT -> {
                    String name = e.ident().name();
                    readsRequest |= REQUEST_ROOTS.contains(name);
                    if (name.equals(CelEnvironment.VARIABLES)) {
                        variablesMentions++;
                    }
                }
                case SELECT -> {
                    CelExpr operand = e.select().operand();
                    if (operand.getKind() == CelExpr.ExprKind.Kind.IDENT && operand.ident().name().equals(CelEnvironment.VARIABLES)) {
                        variables.add(e.select().field());
                        variablesMentions--;
                    }
                    visit(operand);
                }
                case CALL -> {
                    readsRequest |= LOOKUPS.contains(e.call().function());
                    e.call().target().ifPresent(this::visit);
                    e.call().args().forEach(this::visit);
                }
                case LIST -> e.list().elements().forEach(this::visit);
                case STRUCT -> e.struct().entries().forEach(entry -> visit(entry.value()));
                case MAP -> e.map().entries().forEach(entry -> {
                    visit(entry.key());
                    visit(entry.value());
                });
                case COMPREHENSION -> {
                    var c = e.comprehension();
                    visit(c.iterRange());
                    visit(c.accuInit());
                    visit(c.loopCondition());
                    visit(c.loopStep());
                    visit(c.result());
                }
                default -> {
                }
            }
        }
    }
}
