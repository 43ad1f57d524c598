package dev.celador.cel.interp;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import dev.celador.cel.CostBudget;

/**
 * Calls one of a call site's overloads, chosen as dev.cel's dispatcher chooses: among the
 * overloads the type checker allowed, the single one whose argument classes accept the values.
 * None or several matching, or any error from the function, falls back.
 */
final class Dispatch {

    private final CelFunctionBinding[] candidates;

    Dispatch(CelFunctionBinding[] candidates) {
        this.candidates = candidates;
    }

    boolean isEmpty() {
        return candidates.length == 0;
    }

    Object call(Object... args) {
        CelFunctionBinding match = null;
        for (CelFunctionBinding candidate : candidates) {
            if (CelFunctionOverload.canHandle(args, candidate.getArgTypes(), true)) {
                if (match != null) {
                    throw Fallback.INSTANCE; // ambiguous
                }
                match = candidate;
            }
        }
        if (match == null) {
            throw Fallback.INSTANCE;
        }
        Object result;
        try {
            result = match.getDefinition().apply(args);
        } catch (CelEvaluationException | RuntimeException e) {
            // A spent budget ends the evaluation as it is; every other failure is dev.cel's to report.
            CostBudget.CostLimitExceeded limit = CostBudget.limitIn(e);
            throw limit != null ? limit : Fallback.INSTANCE;
        }
        if (result == null || result instanceof Integer || result instanceof Float
                || result instanceof com.google.protobuf.MessageLiteOrBuilder) {
            throw Fallback.INSTANCE; // values dev.cel would adapt first
        }
        return result;
    }
}
