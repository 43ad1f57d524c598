package dev.celador.cel.lib;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.common.values.CelByteString;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.CostBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * Kubernetes' list library: {@code isSorted()}, {@code sum()}, {@code min()}, {@code max()},
 * {@code indexOf(x)} and {@code lastIndexOf(x)}.
 *
 * <p>Kubernetes declares one overload per element type. dev.cel dispatches by Java class, and every
 * CEL list is a {@code java.util.List}, so several list overloads make a call on a dyn value (every
 * admission object field) ambiguous at runtime. Each function is therefore declared once over
 * {@code list(T)} and checks the element types when it runs: comparable are int, uint and double
 * (compared across each other, as CEL does), bool, string, bytes, duration and timestamp; summable
 * are int, uint, double and duration. Other or mixed element types are a CEL error.
 */
public final class KubernetesListsLibrary implements FunctionLibrary {

    private static final TypeParamType T = TypeParamType.create("T");
    private static final ListType LIST_T = ListType.create(T);

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("isSorted",
                        CelOverloadDecl.newMemberOverload("kubernetes_list_is_sorted", SimpleType.BOOL, LIST_T)),
                CelFunctionDecl.newFunctionDeclaration("sum",
                        CelOverloadDecl.newMemberOverload("kubernetes_list_sum", T, LIST_T)),
                CelFunctionDecl.newFunctionDeclaration("min",
                        CelOverloadDecl.newMemberOverload("kubernetes_list_min", T, LIST_T)),
                CelFunctionDecl.newFunctionDeclaration("max",
                        CelOverloadDecl.newMemberOverload("kubernetes_list_max", T, LIST_T)),
                CelFunctionDecl.newFunctionDeclaration("indexOf",
                        CelOverloadDecl.newMemberOverload("kubernetes_list_index_of", SimpleType.INT, LIST_T, T)),
                CelFunctionDecl.newFunctionDeclaration("lastIndexOf",
                        CelOverloadDecl.newMemberOverload("kubernetes_list_last_index_of", SimpleType.INT, LIST_T, T)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("kubernetes_list_is_sorted", List.class, KubernetesListsLibrary::isSorted),
                CelFunctionBinding.from("kubernetes_list_sum", List.class, KubernetesListsLibrary::sum),
                CelFunctionBinding.from("kubernetes_list_min", List.class, list -> extreme(list, "min", -1)),
                CelFunctionBinding.from("kubernetes_list_max", List.class, list -> extreme(list, "max", 1)),
                CelFunctionBinding.from("kubernetes_list_index_of", List.class, Object.class,
                        (list, item) -> indexOf(list, item, false)),
                CelFunctionBinding.from("kubernetes_list_last_index_of", List.class, Object.class,
                        (list, item) -> indexOf(list, item, true)));
    }

    static boolean isSorted(List<?> list) throws CelEvaluationException {
        CostBudget.charge(1L + list.size());
        Object previous = null;
        for (Object next : list) {
            requireComparable("isSorted", next);
            if (previous != null && compare("isSorted", previous, next) > 0) {
                return false;
            }
            previous = next;
        }
        return true;
    }

    /** The element that wins every comparison whose sign is {@code preferSign}. */
    static Object extreme(List<?> list, String function, int preferSign) throws CelEvaluationException {
        CostBudget.charge(1L + list.size());
        Object result = null;
        for (Object next : list) {
            requireComparable(function, next);
            if (result == null || Integer.signum(compare(function, next, result)) == preferSign) {
                result = next;
            }
        }
        if (result == null) {
            throw new CelEvaluationException(function + " called on empty list");
        }
        return result;
    }

    static Object sum(List<?> list) throws CelEvaluationException {
        CostBudget.charge(1L + list.size());
        Iterator<?> elements = list.iterator();
        if (!elements.hasNext()) {
            return 0L;
        }
        Object total = elements.next();
        requireSummable(total);
        while (elements.hasNext()) {
            Object next = elements.next();
            requireSummable(next);
            total = add(total, next);
        }
        return total;
    }

    private static Object add(Object total, Object next) throws CelEvaluationException {
        try {
            if (total instanceof Long a && next instanceof Long b) {
                return Math.addExact(a, b);
            }
            if (total instanceof Double a && next instanceof Double b) {
                return a + b;
            }
            if (total instanceof UnsignedLong a && next instanceof UnsignedLong b) {
                UnsignedLong result = a.plus(b);
                if (result.compareTo(a) < 0) {
                    throw new ArithmeticException("overflow");
                }
                return result;
            }
            if (total instanceof Duration a && next instanceof Duration b) {
                return a.plus(b);
            }
        } catch (ArithmeticException e) {
            throw new CelEvaluationException("sum: " + typeName(total) + " overflow", e);
        }
        throw new CelEvaluationException("sum: no such overload: cannot add " + typeName(next) + " to "
                + typeName(total) + " (list elements must all have the same numeric or duration type)");
    }

    static long indexOf(List<?> list, Object item, boolean last) throws CelEvaluationException {
        CostBudget.charge(1L + list.size());
        int size = list.size();
        for (int n = 0; n < size; n++) {
            int i = last ? size - 1 - n : n;
            if (CelValues.equal(list.get(i), item)) {
                return i;
            }
        }
        return -1L;
    }

    private static void requireSummable(Object value) throws CelEvaluationException {
        if (!(value instanceof Long || value instanceof Double || value instanceof UnsignedLong
                || value instanceof Duration)) {
            throw new CelEvaluationException("sum: no such overload: elements of type " + typeName(value)
                    + " cannot be summed (supported: int, uint, double, duration)");
        }
    }

    private static void requireComparable(String function, Object value) throws CelEvaluationException {
        if (!(CelValues.isNumber(value) || value instanceof String || value instanceof Boolean
                || value instanceof CelByteString || value instanceof Duration || value instanceof Instant)) {
            throw new CelEvaluationException(function + ": no such overload: elements of type " + typeName(value)
                    + " are not comparable");
        }
        if (value instanceof Double d && d.isNaN()) {
            throw new CelEvaluationException(function + ": NaN values cannot be ordered");
        }
    }

    /** CEL ordering; numbers compare across int, uint and double. */
    static int compare(String function, Object a, Object b) throws CelEvaluationException {
        if (CelValues.isNumber(a) && CelValues.isNumber(b)) {
            if (a instanceof Double x && x.isInfinite() || b instanceof Double y && y.isInfinite()) {
                return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
            }
            return CelValues.toBigDecimal(a).compareTo(CelValues.toBigDecimal(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return CelValues.compareCodePoints(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof CelByteString x && b instanceof CelByteString y) {
            return CelByteString.unsignedLexicographicalComparator().compare(x, y);
        }
        if (a instanceof Duration x && b instanceof Duration y) {
            return x.compareTo(y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        throw new CelEvaluationException(function + ": no such overload: cannot compare " + typeName(a) + " with "
                + typeName(b));
    }

    static String typeName(Object value) {
        return CelValues.typeName(value);
    }
}
