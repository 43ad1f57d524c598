package dev.celador.cel;

import com.google.common.collect.ImmutableList;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelSource;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The typed object literals of MutatingAdmissionPolicy expressions, {@code Object{...}},
 * {@code Object.spec.template{...}} and {@code JSONPatch{op: ..., path: ..., value: ...}}, turned
 * into map literals between parsing and type-checking.
 *
 * <p>Why a rewrite of the parsed AST: dev.cel's legacy runtime (the one Celador uses, see
 * CEL-NOTES) builds struct literals only from protobuf descriptors; it refuses a custom
 * CelValueProvider ("setValueProvider is not supported for legacy runtime"), and a custom
 * CelTypeProvider would replace the checker's type provider for every expression. The Kubernetes
 * Object types are schema-less here (variables are dyn) and evaluate to JSON anyway, so each
 * literal becomes {@code @celador.object({'field': value, ...})}: a map literal with string keys
 * (optional entries {@code ?field: opt} kept as optional map entries), wrapped in an identity
 * function whose declared result is an opaque {@code Object} or {@code JSONPatch} type. The
 * wrapper costs one call per literal and keeps the result type checkable: an apply configuration
 * must type to Object and a JSON patch to list(JSONPatch), so a plain map or list is still an error.
 * The function names start with '@', which the parser never produces, so no policy can call them.
 * Everything else (undeclared variables, wrong arguments, other struct names) is left to the checker.
 */
final class MutationLiterals {

    static final String OBJECT = "Object";
    static final String JSON_PATCH = "JSONPatch";
    static final CelType OBJECT_TYPE = OpaqueType.create(OBJECT);
    static final CelType JSON_PATCH_TYPE = OpaqueType.create(JSON_PATCH);
    /** RFC 6902 operation members, in the order the error message lists them. */
    static final List<String> JSON_PATCH_FIELDS = List.of("op", "path", "value", "from");
    private static final Set<String> JSON_PATCH_STRING_FIELDS = Set.of("op", "path", "from");

    private static final String OBJECT_FUNCTION = "@celador.object";
    private static final String JSON_PATCH_FUNCTION = "@celador.jsonpatch";
    private static final String CONDITIONAL = "_?_:_";

    private MutationLiterals() {
    }

    /** The wrapper functions, declared in the one environment (unreachable from policy text). */
    static List<CelFunctionDecl> functions() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration(OBJECT_FUNCTION,
                        CelOverloadDecl.newGlobalOverload("celador_object_literal", OBJECT_TYPE, SimpleType.DYN)),
                CelFunctionDecl.newFunctionDeclaration(JSON_PATCH_FUNCTION,
                        CelOverloadDecl.newGlobalOverload("celador_jsonpatch_literal", JSON_PATCH_TYPE, SimpleType.DYN)));
    }

    @SuppressWarnings("rawtypes")
    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("celador_object_literal", Map.class, map -> map),
                CelFunctionBinding.from("celador_jsonpatch_literal", Map.class, map -> map));
    }

    /** A parsed AST with its literals rewritten, and what the rewrite found wrong. */
    record Rewritten(CelAbstractSyntaxTree ast, List<String> problems, Map<Long, String> literalNames,
                     Map<Long, String> jsonPatchStringFields) {
    }

    /** Rewrites Object literals, and JSONPatch literals too when jsonPatch is true. */
    static Rewritten rewrite(CelAbstractSyntaxTree parsed, boolean jsonPatch) {
        Rewriter rewriter = new Rewriter(parsed.getSource(), jsonPatch, maxId(parsed));
        CelExpr expr = rewriter.rewrite(parsed.getExpr());
        return new Rewritten(CelAbstractSyntaxTree.newParsedAst(expr, parsed.getSource()),
                List.copyOf(rewriter.problems), Map.copyOf(rewriter.literalNames), Map.copyOf(rewriter.stringFields));
    }

    /** Problems with the type of a checked, rewritten expression; empty when it fits the expectation. */
    static List<String> typeProblems(Rewritten rewritten, CelAbstractSyntaxTree checked, ExpectedType expected) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Long, String> field : new TreeMap<>(rewritten.jsonPatchStringFields()).entrySet()) {
            CelType type = checked.getType(field.getKey()).orElse(SimpleType.DYN);
            if (!isDyn(type) && !type.equals(SimpleType.STRING)) {
                problems.add(at(checked.getSource(), field.getKey(), "JSONPatch field '" + field.getValue()
                        + "' must be a string, but is " + type.name()));
            }
        }
        CelType result = checked.getResultType();
        if (expected == ExpectedType.APPLY_CONFIGURATION) {
            if (!isDyn(result) && !result.equals(OBJECT_TYPE)) {
                problems.add("must evaluate to " + expected.description() + ", but evaluates to " + result.name());
            }
            for (CelExpr root : branches(checked.getExpr())) {
                String name = rewritten.literalNames().get(root.id());
                if (name != null && !name.equals(OBJECT)) {
                    problems.add(at(checked.getSource(), root.id(), "an apply configuration must be an Object{...}, not "
                            + name + "{...}"));
                }
            }
        } else if (expected == ExpectedType.JSON_PATCH) {
            boolean ok = isDyn(result) || result instanceof ListType list
                    && (isDyn(list.elemType()) || list.elemType().equals(JSON_PATCH_TYPE));
            if (!ok) {
                problems.add("must evaluate to " + expected.description() + ", but evaluates to " + result.name());
            }
        }
        return problems;
    }

    private static boolean isDyn(CelType type) {
        return type.kind() == CelKind.DYN || type.kind() == CelKind.ANY || type.kind() == CelKind.TYPE_PARAM;
    }

    /** The expressions that can be the result: the branches of conditionals, followed down. */
    private static List<CelExpr> branches(CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals(CONDITIONAL)
                && expr.call().args().size() == 3) {
            List<CelExpr> all = new ArrayList<>(branches(expr.call().args().get(1)));
            all.addAll(branches(expr.call().args().get(2)));
            return all;
        }
        return List.of(expr);
    }

    static String at(CelSource source, long id, String message) {
        Integer offset = source.getPositionsMap().get(id);
        if (offset == null) {
            return "ERROR: <input>: " + message;
        }
        return source.getOffsetLocation(offset)
                .map(l -> "ERROR: <input>:" + l.getLine() + ":" + (l.getColumn() + 1) + ": " + message)
                .orElse("ERROR: <input>: " + message);
    }

    /** The highest id in use, so that new nodes never collide with parsed ones or macro calls. */
    private static long maxId(CelAbstractSyntaxTree ast) {
        long max = maxId(ast.getExpr());
        for (Map.Entry<Long, CelExpr> call : ast.getSource().getMacroCalls().entrySet()) {
            max = Math.max(max, Math.max(call.getKey(), maxId(call.getValue())));
        }
        for (Long id : ast.getSource().getPositionsMap().keySet()) {
            max = Math.max(max, id);
        }
        return max;
    }

    private static long maxId(CelExpr expr) {
        long max = expr.id();
        for (CelExpr child : children(expr)) {
            max = Math.max(max, maxId(child));
        }
        return max;
    }

    private static List<CelExpr> children(CelExpr expr) {
        List<CelExpr> children = new ArrayList<>();
        switch (expr.getKind()) {
            case SELECT -> children.add(expr.select().operand());
            case CALL -> {
                expr.call().target().ifPresent(children::add);
                children.addAll(expr.call().args());
            }
            case LIST -> children.addAll(expr.list().elements());
            case STRUCT -> expr.struct().entries().forEach(e -> children.add(e.value()));
            case MAP -> expr.map().entries().forEach(e -> {
                children.add(e.key());
                children.add(e.value());
            });
            case COMPREHENSION -> {
                var c = expr.comprehension();
                children.addAll(List.of(c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(), c.result()));
            }
            default -> {
            }
        }
        return children;
    }

    private static final class Rewriter {
        private final CelSource source;
        private final boolean jsonPatch;
        private long nextId;
        private final List<String> problems = new ArrayList<>();
        private final Map<Long, String> literalNames = new HashMap<>();
        private final Map<Long, String> stringFields = new LinkedHashMap<>();

        Rewriter(CelSource source, boolean jsonPatch, long maxId) {
            this.source = source;
            this.jsonPatch = jsonPatch;
            this.nextId = maxId + 1;
        }

        CelExpr rewrite(CelExpr expr) {
            return switch (expr.getKind()) {
                case SELECT -> CelExpr.ofSelect(expr.id(), rewrite(expr.select().operand()), expr.select().field(),
                        expr.select().testOnly());
                case CALL -> CelExpr.ofCall(expr.id(), expr.call().target().map(this::rewrite), expr.call().function(),
                        rewriteAll(expr.call().args()));
                case LIST -> CelExpr.ofList(expr.id(), rewriteAll(expr.list().elements()), expr.list().optionalIndices());
                case MAP -> CelExpr.ofMap(expr.id(), expr.map().entries().stream()
                        .map(e -> CelExpr.ofMapEntry(e.id(), rewrite(e.key()), rewrite(e.value()), e.optionalEntry()))
                        .collect(ImmutableList.toImmutableList()));
                case COMPREHENSION -> {
                    var c = expr.comprehension();
                    yield CelExpr.ofComprehension(expr.id(), c.iterVar(), c.iterVar2(), rewrite(c.iterRange()),
                            c.accuVar(), rewrite(c.accuInit()), rewrite(c.loopCondition()), rewrite(c.loopStep()),
                            rewrite(c.result()));
                }
                case STRUCT -> rewriteStruct(expr);
                default -> expr;
            };
        }

        private ImmutableList<CelExpr> rewriteAll(List<CelExpr> exprs) {
            return exprs.stream().map(this::rewrite).collect(ImmutableList.toImmutableList());
        }

        private CelExpr rewriteStruct(CelExpr expr) {
            String name = expr.struct().messageName();
            boolean object = name.equals(OBJECT) || name.startsWith(OBJECT + ".");
            boolean patch = jsonPatch && name.equals(JSON_PATCH);
            if (!object && !patch) {
                // Left as a struct: the checker reports the unknown type with its position.
                return CelExpr.ofStruct(expr.id(), name, expr.struct().entries().stream()
                        .map(e -> CelExpr.ofStructEntry(e.id(), e.fieldKey(), rewrite(e.value()), e.optionalEntry()))
                        .collect(ImmutableList.toImmutableList()));
            }
            ImmutableList.Builder<CelExpr.CelMap.Entry> entries = ImmutableList.builder();
            Set<String> seen = new HashSet<>();
            for (CelExpr.CelStruct.Entry entry : expr.struct().entries()) {
                String field = entry.fieldKey();
                long place = source.getPositionsMap().containsKey(entry.id()) ? entry.id() : expr.id();
                if (!seen.add(field)) {
                    problems.add(at(source, place, name + " sets field '" + field + "' more than once"));
                }
                if (patch && !JSON_PATCH_FIELDS.contains(field)) {
                    problems.add(at(source, place, "JSONPatch has no field '" + field + "' (its fields are "
                            + String.join(", ", JSON_PATCH_FIELDS) + ")"));
                }
                if (patch && JSON_PATCH_STRING_FIELDS.contains(field)) {
                    stringFields.put(entry.value().id(), field);
                }
                CelExpr key = CelExpr.ofConstant(nextId++, CelConstant.ofValue(field));
                entries.add(CelExpr.ofMapEntry(entry.id(), key, rewrite(entry.value()), entry.optionalEntry()));
            }
            CelExpr map = CelExpr.ofMap(nextId++, entries.build());
            literalNames.put(expr.id(), name);
            // The call keeps the literal's id, so checker messages about it point at the literal.
            return CelExpr.ofCall(expr.id(), Optional.empty(), patch ? JSON_PATCH_FUNCTION : OBJECT_FUNCTION,
                    ImmutableList.of(map));
        }
    }
}
