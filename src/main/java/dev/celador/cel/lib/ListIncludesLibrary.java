package dev.celador.cel.lib;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.CostBudget;
import java.util.List;

/**
 * {@code x.includes(y)}, which Kubernetes 1.37 added to its list library (version 1,
 * k8s.io/apiserver pkg/cel/library/lists.go): declared on dyn receivers and arguments; for a list
 * receiver, whether an element equals y (CEL equality: 1 == 1.0); for any other receiver, whether
 * it equals y. Older targets do not have it (the environment leaves it out).
 */
public final class ListIncludesLibrary implements FunctionLibrary {

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(CelFunctionDecl.newFunctionDeclaration("includes",
                CelOverloadDecl.newMemberOverload("list_includes_dyn_dyn", SimpleType.BOOL, SimpleType.DYN, SimpleType.DYN)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(CelFunctionBinding.from("list_includes_dyn_dyn", Object.class, Object.class, ListIncludesLibrary::includes));
    }

    static boolean includes(Object target, Object item) throws dev.cel.runtime.CelEvaluationException {
        if (target instanceof List<?> list) {
            CostBudget.charge(1L + list.size());
            for (Object element : list) {
                if (CelValues.equal(element, item)) {
                    return true;
                }
            }
            return false;
        }
        return CelValues.equal(target, item);
    }
}
