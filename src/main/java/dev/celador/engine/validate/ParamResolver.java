package dev.celador.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import dev.celador.engine.RequestContext;
import dev.celador.policy.LabelSelector;
import dev.celador.policy.ParamKind;
import dev.celador.policy.ParamRef;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import java.util.ArrayList;
import java.util.List;

/** Finds a binding's params the way the API server does: by name or selector, in the right namespace. */
public final class ParamResolver {

    private ParamResolver() {
    }

    public static ParamResolution resolve(ParamKind kind, ParamRef ref, ClusterView params, RequestContext ctx) {
        if (kind == null) {
            return ParamResolution.of(List.of(NullValue.NULL_VALUE));
        }
        if (ref == null) {
            return ParamResolution.error("paramKind '" + kind.apiVersion() + ", Kind=" + kind.kind()
                    + "' is defined but the binding has no paramRef");
        }
        if (!params.isSynced()) {
            return ParamResolution.error("params of kind " + kind.kind() + " are not available yet: the cache has not synced");
        }
        String namespace = null;
        if (params.isNamespaced(kind.apiVersion(), kind.kind())) {
            if (ref.namespace() != null && !ref.namespace().isEmpty()) {
                namespace = ref.namespace();
            } else if (!ctx.request().namespace().isEmpty() && !ctx.request().isNamespaceObject()) {
                namespace = ctx.request().namespace();
            } else {
                return ParamResolution.error("cannot use a namespaced paramRef without a namespace in a binding that matches cluster-scoped resources");
            }
        }
        List<JsonNode> found = new ArrayList<>();
        if (ref.name() != null && !ref.name().isEmpty()) {
            params.get(ObjectKey.of(kind.apiVersion(), kind.kind(), namespace, ref.name())).ifPresent(found::add);
        } else if (ref.selector() != null) {
            for (JsonNode candidate : params.list(kind.apiVersion(), kind.kind(), namespace)) {
                if (ref.selector().matches(LabelSelector.labelsOf(candidate))) {
                    found.add(candidate);
                }
            }
        }
        if (found.isEmpty() && ref.denyWhenNotFound()) {
            return ParamResolution.error("no params found for policy binding with `Deny` parameterNotFoundAction");
        }
        List<Object> values = new ArrayList<>(found.size());
        found.forEach(p -> values.add(ctx.convert(p)));
        return ParamResolution.of(values);
    }

}
