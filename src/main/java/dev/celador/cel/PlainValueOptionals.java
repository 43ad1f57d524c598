package dev.celador.cel;

import com.google.common.collect.ImmutableList;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code x.orValue(d)} and {@code x.or(o)} on a receiver that is not an optional, as cel-go v0.26
 * (Kubernetes 1.34 to 1.36) evaluates them: x itself, without evaluating the argument
 * ({@code object.spec.requests.orValue({}).cpu} reads {@code requests} when it is a map; an absent
 * {@code requests} is still "no such key"). dev.cel, like cel-go v0.29, refuses such a receiver.
 *
 * <p>The checked AST is rewritten where the receiver is not statically an optional (a dyn field of
 * an admission object): the receiver is wrapped in a call that makes it an optional, and the call
 * becomes dev.cel's own short-circuiting {@code orValue}:
 * <pre>
 *   x.orValue(d)  ->  @optional_plain(x).orValue(d)      x plain: optional.of(x); an optional: itself
 *   x.or(o)       ->  @optional_plain_or(x).orValue(o)   x plain or a valued optional: optional.of(x); none: none
 * </pre>
 * Both give x when x is plain, keep the optional's own behaviour otherwise, and evaluate the argument
 * only when x is an empty optional, as cel-go does. {@code hasValue()} and {@code value()} on a plain
 * value are "no such overload" errors in every cel-go; dev.cel binds them on any object and fails
 * inside ("Function 'optional_hasValue' failed with arg(s)"), so they are bound again on optionals
 * only, which makes dev.cel say "No matching overload" too. The call names start
 * with '@', which the parser never produces, so no policy can call them.
 */
final class PlainValueOptionals {

    static final String LIFT = "@optional_plain";
    static final String LIFT_OR = "@optional_plain_or";
    private static final String OR_VALUE_OVERLOAD = "optional_orValue_value";
    private static final String OR_OVERLOAD = "optional_or_optional";

    private PlainValueOptionals() {
    }

    /**
     * Runtime bindings of the two wrapping calls (registered for every version; only rewritten ASTs
     * call them), and of hasValue() and value() on optionals only.
     */
    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("optional_hasValue", Optional.class, Optional::isPresent),
                CelFunctionBinding.from("optional_value", Optional.class, PlainValueOptionals::value),
                CelFunctionBinding.from(LIFT, Object.class, x -> x instanceof Optional<?> ? x : Optional.of(x)),
                CelFunctionBinding.from(LIFT_OR, Object.class, x -> x instanceof Optional<?> o
                        ? (o.isPresent() ? Optional.of(o) : Optional.empty())
                        : Optional.of(x)));
    }

    private static Object value(Optional<?> optional) throws dev.cel.runtime.CelEvaluationException {
        if (optional.isEmpty()) {
            throw new dev.cel.runtime.CelEvaluationException("optional.none() dereference");
        }
        return optional.get();
    }

    /** The AST with every orValue/or on a possibly plain receiver rewritten; the same AST when there is none. */
    static CelAbstractSyntaxTree rewrite(CelAbstractSyntaxTree ast) {
        Rewriter rewriter = new Rewriter(ast);
        CelExpr root = rewriter.rewrite(ast.getExpr());
        if (!rewriter.changed) {
            return ast;
        }
        return CelAbstractSyntaxTree.newCheckedAst(root, ast.getSource(), rewriter.references, rewriter.types);
    }

    private static final class Rewriter {
        private final CelAbstractSyntaxTree ast;
        private final Map<Long, CelReference> references;
        private final Map<Long, CelType> types;
        private long nextId;
        private boolean changed;

        Rewriter(CelAbstractSyntaxTree ast) {
            this.ast = ast;
            this.references = new HashMap<>(ast.getReferenceMap());
            this.types = new HashMap<>(ast.getTypeMap());
            this.nextId = maxId(ast.getExpr()) + 1;
        }

        CelExpr rewrite(CelExpr expr) {
            return switch (expr.getKind()) {
                case SELECT -> CelExpr.ofSelect(expr.id(), rewrite(expr.select().operand()), expr.select().field(),
                        expr.select().testOnly());
                case CALL -> call(expr);
                case LIST -> CelExpr.ofList(expr.id(), rewriteAll(expr.list().elements()), expr.list().optionalIndices());
                case MAP -> CelExpr.ofMap(expr.id(), expr.map().entries().stream()
                        .map(e -> CelExpr.ofMapEntry(e.id(), rewrite(e.key()), rewrite(e.value()), e.optionalEntry()))
                        .collect(ImmutableList.toImmutableList()));
                case STRUCT -> CelExpr.ofStruct(expr.id(), expr.struct().messageName(), expr.struct().entries().stream()
                        .map(e -> CelExpr.ofStructEntry(e.id(), e.fieldKey(), rewrite(e.value()), e.optionalEntry()))
                        .collect(ImmutableList.toImmutableList()));
                case COMPREHENSION -> {
                    var c = expr.comprehension();
                    yield CelExpr.ofComprehension(expr.id(), c.iterVar(), c.iterVar2(), rewrite(c.iterRange()),
                            c.accuVar(), rewrite(c.accuInit()), rewrite(c.loopCondition()), rewrite(c.loopStep()),
                            rewrite(c.result()));
                }
                default -> expr;
            };
        }

        private CelExpr call(CelExpr expr) {
            CelExpr.CelCall call = expr.call();
            ImmutableList<CelExpr> args = rewriteAll(call.args());
            Optional<CelExpr> target = call.target().map(this::rewrite);
            String overload = Optional.ofNullable(references.get(expr.id()))
                    .filter(r -> r.overloadIds().size() == 1).map(r -> r.overloadIds().get(0)).orElse("");
            boolean orValue = overload.equals(OR_VALUE_OVERLOAD);
            boolean or = overload.equals(OR_OVERLOAD);
            if ((!orValue && !or) || target.isEmpty() || args.size() != 1 || staticallyOptional(call.target().get())) {
                return CelExpr.ofCall(expr.id(), target, call.function(), args);
            }
            changed = true;
            String lift = orValue ? LIFT : LIFT_OR;
            long liftId = nextId++;
            references.put(liftId, CelReference.newBuilder().setName(lift).addOverloadIds(lift).build());
            types.put(liftId, OptionalType.create(SimpleType.DYN));
            CelExpr lifted = CelExpr.ofCall(liftId, Optional.empty(), lift, ImmutableList.of(target.get()));
            references.put(expr.id(), CelReference.newBuilder().setName("orValue").addOverloadIds(OR_VALUE_OVERLOAD).build());
            return CelExpr.ofCall(expr.id(), Optional.of(lifted), "orValue", args);
        }

        private boolean staticallyOptional(CelExpr receiver) {
            return ast.getType(receiver.id()).map(t -> t instanceof OptionalType).orElse(false);
        }

        private ImmutableList<CelExpr> rewriteAll(List<CelExpr> exprs) {
            return exprs.stream().map(this::rewrite).collect(ImmutableList.toImmutableList());
        }

        private static long maxId(CelExpr expr) {
            return dev.cel.common.navigation.CelNavigableExpr.fromExpr(expr).allNodes()
                    .mapToLong(n -> n.expr().id()).max().orElse(0);
        }
    }
}
