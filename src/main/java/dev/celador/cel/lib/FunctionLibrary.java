package dev.celador.cel.lib;

import dev.cel.common.CelFunctionDecl;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;

/**
 * A Kubernetes CEL library that dev.cel lacks: its declarations (for the type checker) and its
 * bindings (for the runtime). Functions report bad input with a CelEvaluationException, never
 * another exception, and charge their work to CostBudget by input size.
 */
public interface FunctionLibrary {

    List<CelFunctionDecl> functions();

    List<CelFunctionBinding> bindings();
}
