package dev.celador.cel.lib;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.ClusterLookupAccess;
import dev.celador.cel.CostBudget;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Celador's cluster lookups, shaped like Kyverno's: resource.Get(apiVersion, resource, namespace,
 * name) returns the object or null; resource.List(apiVersion, resource, namespace) returns
 * {items: [...]}, every namespace when namespace is empty. They read the request's ClusterView
 * (informer caches in the cluster, files offline), never the API server.
 */
public final class ResourceLookupLibrary implements FunctionLibrary {

    public static final String GET = "resource.Get";
    public static final String LIST = "resource.List";

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration(GET, CelOverloadDecl.newGlobalOverload("resource_get", SimpleType.DYN,
                        SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration(LIST, CelOverloadDecl.newGlobalOverload("resource_list", SimpleType.DYN,
                        SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("resource_get", List.of(String.class, String.class, String.class, String.class),
                        args -> get((String) args[0], (String) args[1], (String) args[2], (String) args[3])),
                CelFunctionBinding.from("resource_list", List.of(String.class, String.class, String.class),
                        args -> list((String) args[0], (String) args[1], (String) args[2])));
    }

    private static Object get(String apiVersion, String resource, String namespace, String name) throws CelEvaluationException {
        ClusterView view = ClusterLookupAccess.view();
        String kind = kindOf(view, apiVersion, resource);
        CostBudget.charge(1);
        Optional<JsonNode> found = ClusterLookupAccess.lookUp(
                ObjectKey.of(apiVersion, kind, view.isNamespaced(apiVersion, kind) ? namespace : null, name));
        return found.map(ClusterLookupAccess::convert).orElse(NullValue.NULL_VALUE);
    }

    private static Object list(String apiVersion, String resource, String namespace) throws CelEvaluationException {
        ClusterView view = ClusterLookupAccess.view();
        String kind = kindOf(view, apiVersion, resource);
        List<JsonNode> found = ClusterLookupAccess.listUp(apiVersion, kind, namespace);
        CostBudget.charge(1 + found.size());
        List<Object> items = new ArrayList<>(found.size());
        for (JsonNode o : found) {
            items.add(ClusterLookupAccess.convert(o));
        }
        return Map.of("items", items);
    }

    private static String kindOf(ClusterView view, String apiVersion, String resource) throws CelEvaluationException {
        if (!view.isSynced()) {
            throw new CelEvaluationException("cluster cache has not synced yet: cannot look up " + resource);
        }
        return view.kindOf(apiVersion, resource).orElseThrow(() ->
                new CelEvaluationException("unknown resource '" + resource + "' in " + apiVersion));
    }
}
