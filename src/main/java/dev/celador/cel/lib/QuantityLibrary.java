package dev.celador.cel.lib;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.CostBudget;
import java.util.List;

/**
 * The Kubernetes quantity library: {@code quantity(string)}, {@code isQuantity(string)} and, on a
 * quantity, {@code sign isInteger asInteger asApproximateFloat add sub compareTo isGreaterThan
 * isLessThan}. {@code sign} is also callable as {@code sign(q)}, the form the API server declares.
 * Not here: {@code mul}, {@code div}, {@code divInt} (added to Kubernetes after the others).
 */
public final class QuantityLibrary implements FunctionLibrary {

    public static final CelType QUANTITY = OpaqueType.create("kubernetes.Quantity");

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("quantity",
                        CelOverloadDecl.newGlobalOverload("string_to_quantity", QUANTITY, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isQuantity",
                        CelOverloadDecl.newGlobalOverload("is_quantity_string", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("sign",
                        CelOverloadDecl.newGlobalOverload("quantity_sign", SimpleType.INT, QUANTITY),
                        CelOverloadDecl.newMemberOverload("quantity_member_sign", SimpleType.INT, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("isInteger",
                        CelOverloadDecl.newMemberOverload("quantity_is_integer", SimpleType.BOOL, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("asInteger",
                        CelOverloadDecl.newMemberOverload("quantity_get_int", SimpleType.INT, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("asApproximateFloat",
                        CelOverloadDecl.newMemberOverload("quantity_get_float", SimpleType.DOUBLE, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("add",
                        CelOverloadDecl.newMemberOverload("quantity_add", QUANTITY, QUANTITY, QUANTITY),
                        CelOverloadDecl.newMemberOverload("quantity_add_int", QUANTITY, QUANTITY, SimpleType.INT)),
                CelFunctionDecl.newFunctionDeclaration("sub",
                        CelOverloadDecl.newMemberOverload("quantity_sub", QUANTITY, QUANTITY, QUANTITY),
                        CelOverloadDecl.newMemberOverload("quantity_sub_int", QUANTITY, QUANTITY, SimpleType.INT)),
                CelFunctionDecl.newFunctionDeclaration("compareTo",
                        CelOverloadDecl.newMemberOverload("quantity_compare_to", SimpleType.INT, QUANTITY, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("isGreaterThan",
                        CelOverloadDecl.newMemberOverload("quantity_is_greater_than", SimpleType.BOOL, QUANTITY, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("isLessThan",
                        CelOverloadDecl.newMemberOverload("quantity_is_less_than", SimpleType.BOOL, QUANTITY, QUANTITY)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_quantity", String.class, QuantityLibrary::parse),
                CelFunctionBinding.from("is_quantity_string", String.class, QuantityLibrary::isQuantity),
                CelFunctionBinding.from("quantity_sign", Quantity.class, q -> (long) q.sign()),
                CelFunctionBinding.from("quantity_member_sign", Quantity.class, q -> (long) q.sign()),
                CelFunctionBinding.from("quantity_is_integer", Quantity.class, Quantity::isLong),
                CelFunctionBinding.from("quantity_get_int", Quantity.class, QuantityLibrary::asInteger),
                CelFunctionBinding.from("quantity_get_float", Quantity.class, Quantity::asApproximateDouble),
                CelFunctionBinding.from("quantity_add", Quantity.class, Quantity.class, QuantityLibrary::add),
                CelFunctionBinding.from("quantity_add_int", Quantity.class, Long.class,
                        (q, n) -> add(q, Quantity.of(n))),
                CelFunctionBinding.from("quantity_sub", Quantity.class, Quantity.class, QuantityLibrary::sub),
                CelFunctionBinding.from("quantity_sub_int", Quantity.class, Long.class,
                        (q, n) -> sub(q, Quantity.of(n))),
                CelFunctionBinding.from("quantity_compare_to", Quantity.class, Quantity.class,
                        (a, b) -> (long) Integer.signum(a.compareTo(b))),
                CelFunctionBinding.from("quantity_is_greater_than", Quantity.class, Quantity.class,
                        (a, b) -> a.compareTo(b) > 0),
                CelFunctionBinding.from("quantity_is_less_than", Quantity.class, Quantity.class,
                        (a, b) -> a.compareTo(b) < 0));
    }

    private static Quantity parse(String text) throws CelEvaluationException {
        CostBudget.charge(text.length());
        try {
            return Quantity.parse(text);
        } catch (Quantity.InvalidQuantityException e) {
            throw new CelEvaluationException(e.getMessage(), e);
        }
    }

    private static boolean isQuantity(String text) throws CelEvaluationException {
        CostBudget.charge(text.length());
        try {
            Quantity.parse(text);
            return true;
        } catch (Quantity.InvalidQuantityException e) {
            return false;
        }
    }

    private static long asInteger(Quantity q) throws CelEvaluationException {
        try {
            return q.asLong();
        } catch (ArithmeticException e) {
            throw new CelEvaluationException("cannot convert quantity " + q + " to an integer: it has a fraction"
                    + " or milli/micro/nano form, or is outside the int64 range", e);
        }
    }

    private static Quantity add(Quantity a, Quantity b) throws CelEvaluationException {
        CostBudget.charge(Math.min(a.resultDigits(b), Quantity.MAX_DIGITS));
        try {
            return a.add(b);
        } catch (ArithmeticException e) {
            throw new CelEvaluationException("cannot add quantities: " + e.getMessage(), e);
        }
    }

    private static Quantity sub(Quantity a, Quantity b) throws CelEvaluationException {
        CostBudget.charge(Math.min(a.resultDigits(b), Quantity.MAX_DIGITS));
        try {
            return a.subtract(b);
        } catch (ArithmeticException e) {
            throw new CelEvaluationException("cannot subtract quantities: " + e.getMessage(), e);
        }
    }
}
