package dev.celador.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelReference;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code opt[?i]} where opt is an optional of an unknown (dyn) value, such as
 * {@code object.spec.?containers[?0]}: the checker leaves two overloads (optional list by int,
 * optional map by key), and dev.cel, which chooses by the Java classes of the arguments, finds both
 * and fails with "Ambiguous overloads for function '_[?_]'". cel-go indexes whatever the optional
 * holds. Found by the generated differential (the fast path answered, dev.cel failed); the checked
 * AST's reference for such a call has the two replaced by one overload that looks inside the optional.
 */
final class OptionalIndexOnDyn {

    static final String OVERLOAD = "@optional_dyn_optindex";
    private static final List<String> AMBIGUOUS = List.of(
            "optional_list_optindex_optional_int", "optional_map_optindex_optional_value");

    private OptionalIndexOnDyn() {
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(CelFunctionBinding.from(OVERLOAD, Optional.class, Object.class, OptionalIndexOnDyn::index));
    }

    private static Object index(Optional<?> optional, Object key) throws CelEvaluationException {
        if (optional.isEmpty()) {
            return Optional.empty();
        }
        Object target = optional.get();
        if (target instanceof List<?> list && key instanceof Long i) {
            return i >= 0 && i < list.size() ? Optional.of(list.get(i.intValue())) : Optional.empty();
        }
        if (target instanceof Map<?, ?> map) {
            Object value = map.get(key);
            return value == null ? Optional.empty() : Optional.of(value);
        }
        throw new CelEvaluationException("No matching overload for function '_[?_]'");
    }

    /** The AST with each ambiguous optional index narrowed to {@link #OVERLOAD}; the same AST when there is none. */
    static CelAbstractSyntaxTree rewrite(CelAbstractSyntaxTree ast) {
        Map<Long, CelReference> references = null;
        for (Map.Entry<Long, CelReference> entry : ast.getReferenceMap().entrySet()) {
            if (entry.getValue().overloadIds().size() > 1 && entry.getValue().overloadIds().containsAll(AMBIGUOUS)) {
                if (references == null) {
                    references = new HashMap<>(ast.getReferenceMap());
                }
                // the overloads on plain lists and maps stay: a dyn receiver may hold either
                CelReference.Builder narrowed = CelReference.newBuilder().setName(entry.getValue().name());
                entry.getValue().overloadIds().stream().filter(id -> !AMBIGUOUS.contains(id)).forEach(narrowed::addOverloadIds);
                references.put(entry.getKey(), narrowed.addOverloadIds(OVERLOAD).build());
            }
        }
        return references == null ? ast
                : CelAbstractSyntaxTree.newCheckedAst(ast.getExpr(), ast.getSource(), references, ast.getTypeMap());
    }
}
