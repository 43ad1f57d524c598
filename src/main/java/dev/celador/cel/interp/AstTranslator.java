package dev.celador.cel.interp;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a checked AST into a {@link FastProgram}, or says why it cannot: a construct the
 * fast path does not cover (message creation, type values, optional list or map entries, a
 * function without a binding...). Such expressions run on dev.cel alone.
 */
public final class AstTranslator {

    /** The fast program, or the reason there is none. */
    public record Translation(FastProgram program, String unsupported) {
    }

    private final OverloadTable overloads;
    private final CelOptions options;
    private final int maxIterations;

    public AstTranslator(OverloadTable overloads, CelOptions options, int maxIterations) {
        this.overloads = overloads;
        this.options = options;
        this.maxIterations = maxIterations;
    }

    public Translation translate(CelAbstractSyntaxTree ast) {
        try {
            Scope scope = new Scope(ast);
            Node root = scope.node(ast.getExpr());
            return new Translation(new FastProgram(root, scope.slotCount, maxIterations), null);
        } catch (Unsupported e) {
            return new Translation(null, e.getMessage());
        }
    }

    private static final class Unsupported extends RuntimeException {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    /** Translation state of one expression: comprehension variables in scope and their slots. */
    private final class Scope {
        private final CelAbstractSyntaxTree ast;
        private final Deque<Map<String, Integer>> frames = new ArrayDeque<>();
        private int slotCount;

        Scope(CelAbstractSyntaxTree ast) {
            this.ast = ast;
        }

        Node node(CelExpr e) {
            return switch (e.getKind()) {
                case CONSTANT -> new Nodes.Constant(constant(e.constant()));
                case IDENT -> ident(e);
                case SELECT -> select(e);
                case CALL -> call(e);
                case LIST -> list(e);
                case MAP -> map(e);
                case COMPREHENSION -> comprehension(e);
                default -> throw new Unsupported(e.getKind().toString().toLowerCase());
            };
        }

        private Object constant(CelConstant c) {
            return switch (c.getKind()) {
                case NULL_VALUE -> c.nullValue();
                case BOOLEAN_VALUE -> c.booleanValue();
                case INT64_VALUE -> c.int64Value();
                case UINT64_VALUE -> options.enableUnsignedLongs() ? c.uint64Value() : (Object) c.uint64Value().longValue();
                case DOUBLE_VALUE -> c.doubleValue();
                case STRING_VALUE -> c.stringValue();
                case BYTES_VALUE -> c.bytesValue();
                default -> throw new Unsupported("constant of kind " + c.getKind());
            };
        }

        private Node ident(CelExpr e) {
            CelReference reference = ast.getReference(e.id())
                    .orElseThrow(() -> new Unsupported("identifier without a reference"));
            if (reference.value().isPresent()) {
                return new Nodes.Constant(constant(reference.value().get()));
            }
            Optional<CelType> type = ast.getType(e.id());
            if (type.isPresent() && type.get().kind() == CelKind.TYPE) {
                throw new Unsupported("type value " + reference.name());
            }
            String name = reference.name();
            for (Map<String, Integer> frame : frames) {
                Integer slot = frame.get(name);
                if (slot != null) {
                    return new Nodes.Slot(slot);
                }
            }
            return new Nodes.Global(name);
        }

        private Node select(CelExpr e) {
            if (ast.getReference(e.id()).isPresent()) {
                throw new Unsupported("qualified name " + ast.getReference(e.id()).get().name());
            }
            CelExpr.CelSelect select = e.select();
            Node operand = node(select.operand());
            return select.testOnly() ? new Nodes.Has(operand, select.field()) : new Nodes.Select(operand, select.field());
        }

        private Node list(CelExpr e) {
            if (!e.list().optionalIndices().isEmpty()) {
                throw new Unsupported("optional list element");
            }
            return new Nodes.ListLiteral(nodes(e.list().elements()));
        }

        private Node map(CelExpr e) {
            List<CelExpr.CelMap.Entry> entries = e.map().entries();
            Node[] keys = new Node[entries.size()];
            Node[] values = new Node[entries.size()];
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).optionalEntry()) {
                    throw new Unsupported("optional map entry");
                }
                keys[i] = node(entries.get(i).key());
                values[i] = node(entries.get(i).value());
            }
            return new Nodes.MapLiteral(keys, values);
        }

        private Node comprehension(CelExpr e) {
            CelExpr.CelComprehension c = e.comprehension();
            Node range = node(c.iterRange());
            Node accuInit = node(c.accuInit());
            int iterSlot = slotCount++;
            int iterSlot2 = c.iterVar2().isEmpty() ? -1 : slotCount++;
            int accuSlot = slotCount++;
            Map<String, Integer> loop = new HashMap<>();
            loop.put(c.iterVar(), iterSlot);
            if (iterSlot2 >= 0) {
                loop.put(c.iterVar2(), iterSlot2);
            }
            loop.put(c.accuVar(), accuSlot);
            frames.push(loop);
            Node condition = node(c.loopCondition());
            Node step = node(c.loopStep());
            frames.pop();
            frames.push(Map.of(c.accuVar(), accuSlot));
            Node result = node(c.result());
            frames.pop();
            return new Nodes.Comprehension(range, iterSlot, iterSlot2, accuSlot, accuInit, condition, step, result, appendsOnly(c));
        }

        /**
         * Whether the comprehension builds a list that only its own step touches, by appending:
         * the accumulator starts as [], the condition does not read it, and the step is
         * {@code accu + [...]}, or a conditional whose branches are that or {@code accu} (map, filter,
         * transformList). Only then may it grow in place (see ListAccumulator): a step that reads the
         * accumulator otherwise could keep an earlier value of it.
         */
        private static boolean appendsOnly(CelExpr.CelComprehension c) {
            return c.accuInit().getKind() == CelExpr.ExprKind.Kind.LIST && c.accuInit().list().elements().isEmpty()
                    && !reads(c.loopCondition(), c.accuVar()) && appends(c.loopStep(), c.accuVar());
        }

        private static boolean appends(CelExpr step, String accu) {
            if (isIdent(step, accu)) {
                return true;
            }
            if (step.getKind() != CelExpr.ExprKind.Kind.CALL || step.call().target().isPresent()) {
                return false;
            }
            List<CelExpr> args = step.call().args();
            return switch (step.call().function()) {
                case "_+_" -> args.size() == 2 && isIdent(args.get(0), accu) && args.get(1).getKind() == CelExpr.ExprKind.Kind.LIST
                        && !reads(args.get(1), accu);
                case "_?_:_" -> args.size() == 3 && !reads(args.get(0), accu) && appends(args.get(1), accu) && appends(args.get(2), accu);
                default -> false;
            };
        }

        private static boolean isIdent(CelExpr e, String name) {
            return e.getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals(name);
        }

        /** Whether the expression reads the name (not counting inner comprehensions that declare it again). */
        private static boolean reads(CelExpr e, String name) {
            return switch (e.getKind()) {
                case IDENT -> e.ident().name().equals(name);
                case SELECT -> reads(e.select().operand(), name);
                case CALL -> (e.call().target().isPresent() && reads(e.call().target().get(), name))
                        || e.call().args().stream().anyMatch(a -> reads(a, name));
                case LIST -> e.list().elements().stream().anyMatch(a -> reads(a, name));
                case MAP -> e.map().entries().stream().anyMatch(en -> reads(en.key(), name) || reads(en.value(), name));
                case STRUCT -> e.struct().entries().stream().anyMatch(en -> reads(en.value(), name));
                case COMPREHENSION -> {
                    CelExpr.CelComprehension c = e.comprehension();
                    boolean shadowed = name.equals(c.accuVar()) || name.equals(c.iterVar()) || name.equals(c.iterVar2());
                    yield reads(c.iterRange(), name) || reads(c.accuInit(), name)
                            || (!shadowed && (reads(c.loopCondition(), name) || reads(c.loopStep(), name) || reads(c.result(), name)));
                }
                default -> false;
            };
        }

        private Node[] nodes(List<CelExpr> exprs) {
            Node[] out = new Node[exprs.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = node(exprs.get(i));
            }
            return out;
        }

        private Node call(CelExpr e) {
            CelExpr.CelCall call = e.call();
            CelReference reference = ast.getReference(e.id())
                    .orElseThrow(() -> new Unsupported("call of " + call.function() + " without a reference"));
            List<String> ids = reference.overloadIds();
            if (ids.isEmpty()) {
                throw new Unsupported("call of " + call.function() + " without overloads");
            }
            List<CelExpr> argExprs = new ArrayList<>();
            call.target().ifPresent(argExprs::add);
            argExprs.addAll(call.args());
            switch (ids.get(0)) {
                case "identity":
                    return node(argExprs.get(0));
                case "conditional":
                    return new Nodes.Conditional(node(argExprs.get(0)), node(argExprs.get(1)), node(argExprs.get(2)));
                case "logical_and":
                    return new Nodes.And(node(argExprs.get(0)), node(argExprs.get(1)));
                case "logical_or":
                    return new Nodes.Or(node(argExprs.get(0)), node(argExprs.get(1)));
                case "not_strictly_false":
                    return new Nodes.NotStrictlyFalse(node(argExprs.get(0)));
                case "type":
                    throw new Unsupported("type()");
                default:
                    break;
            }
            Dispatch dispatch = dispatch(call.function(), ids);
            Node[] args = nodes(argExprs);
            Node special = special(call.function(), ids, args, argExprs, dispatch);
            if (special != null) {
                return special;
            }
            if (dispatch.isEmpty()) {
                throw new Unsupported("function " + call.function() + " (" + String.join(", ", ids) + ") has no binding");
            }
            return new Calls.Generic(args, dispatch);
        }

        private Dispatch dispatch(String function, List<String> ids) {
            List<CelFunctionBinding> candidates = new ArrayList<>();
            for (String id : ids) {
                CelFunctionBinding binding = overloads.get(id);
                if (binding == null) {
                    continue;
                }
                if (!binding.isStrict()) {
                    throw new Unsupported("non-strict function " + function);
                }
                candidates.add(binding);
            }
            return new Dispatch(candidates.toArray(CelFunctionBinding[]::new));
        }

        /** The functions with a direct path, by name and arity. */
        private Node special(String function, List<String> ids, Node[] a, List<CelExpr> argExprs, Dispatch d) {
            if (a.length == 1) {
                return switch (function) {
                    case "!_" -> ids.equals(List.of("logical_not")) ? new Nodes.Not(a[0]) : null;
                    case "size" -> new Calls.Size(a[0], d);
                    case "hasValue" -> new Calls.HasValue(a[0], d);
                    default -> null;
                };
            }
            if (a.length != 2) {
                return null;
            }
            return switch (function) {
                case "_==_" -> new Calls.Equals(a[0], a[1], d);
                case "_!=_" -> new Calls.NotEquals(a[0], a[1], d);
                case "_[_]" -> new Calls.Index(a[0], a[1], d);
                case "@in" -> new Calls.In(a[0], a[1], d);
                case "_+_" -> new Calls.Add(a[0], a[1], d);
                case "_-_" -> new Calls.Subtract(a[0], a[1], d);
                case "_<_" -> new Calls.Compare(Calls.Compare.Op.LESS, a[0], a[1], d);
                case "_<=_" -> new Calls.Compare(Calls.Compare.Op.LESS_EQUALS, a[0], a[1], d);
                case "_>_" -> new Calls.Compare(Calls.Compare.Op.GREATER, a[0], a[1], d);
                case "_>=_" -> new Calls.Compare(Calls.Compare.Op.GREATER_EQUALS, a[0], a[1], d);
                case "startsWith" -> new Calls.StringTest(Calls.StringTest.Op.STARTS_WITH, a[0], a[1], d);
                case "endsWith" -> new Calls.StringTest(Calls.StringTest.Op.ENDS_WITH, a[0], a[1], d);
                case "contains" -> new Calls.StringTest(Calls.StringTest.Op.CONTAINS, a[0], a[1], d);
                case "orValue" -> ids.equals(List.of("optional_orValue_value")) ? new Calls.OrValue(a[0], a[1]) : null;
                case "_[?_]" -> new Calls.OptionalIndex(a[0], a[1], d);
                case "_?._" -> optionalSelect(a[0], argExprs.get(1));
                default -> null;
            };
        }

        private Node optionalSelect(Node operand, CelExpr field) {
            if (field.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                    || field.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                throw new Unsupported("optional selection of a computed field");
            }
            return new Calls.OptionalSelect(operand, field.constant().stringValue());
        }
    }
}
