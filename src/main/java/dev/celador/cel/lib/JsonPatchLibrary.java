package dev.celador.cel.lib;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.CostBudget;
import java.util.List;

/**
 * The Kubernetes jsonpatch library: {@code jsonpatch.escapeKey(string)} escapes one JSON Pointer
 * reference token (RFC 6901: '~' becomes '~0', then '/' becomes '~1'), so that a label key such as
 * {@code example.com/env} can be a JSONPatch path segment.
 */
public final class JsonPatchLibrary implements FunctionLibrary {

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(CelFunctionDecl.newFunctionDeclaration("jsonpatch.escapeKey",
                CelOverloadDecl.newGlobalOverload("jsonpatch_escape_key_string", SimpleType.STRING, SimpleType.STRING)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(CelFunctionBinding.from("jsonpatch_escape_key_string", String.class, JsonPatchLibrary::escapeKey));
    }

    /** Escapes '~' before '/', so that '/' never turns into a '~' that is escaped again. */
    static String escapeKey(String key) throws CelEvaluationException {
        CostBudget.charge(key.length());
        return key.replace("~", "~0").replace("/", "~1");
    }
}
