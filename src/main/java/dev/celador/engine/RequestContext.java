package dev.celador.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import dev.celador.cel.JsonToCel;
import dev.celador.view.ClusterView;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request, converted to CEL values once and shared by every policy that evaluates it.
 * Conversions happen on first use (a policy that never reads oldObject never pays for it), and
 * a context made with a shared conversion cache reuses the values of JsonNodes other contexts of
 * the same request already converted: the mutation chain makes one context per policy, most of
 * them on an object the previous policy left unchanged. The nodes are never changed in place
 * (mutations build new objects), so a node's converted value stays valid. Not shared between
 * threads.
 */
public final class RequestContext {

    private final AdmissionRequest request;
    private final ClusterView cluster;
    private final Map<JsonNode, Object> converted;
    private Object object;
    private Object oldObject;
    private Map<String, Object> requestValue;
    private Object namespaceObject;

    public RequestContext(AdmissionRequest request, ClusterView cluster) {
        this(request, cluster, new IdentityHashMap<>());
    }

    /** A context whose conversions go to (and come from) a cache shared with other contexts of the same request. */
    public RequestContext(AdmissionRequest request, ClusterView cluster, Map<JsonNode, Object> sharedConversions) {
        this.request = request;
        this.cluster = cluster;
        this.converted = sharedConversions;
    }

    /** The `request` variable: the review's request without its objects. */
    private static Map<String, Object> requestValue(JsonNode node) {
        Map<String, Object> value = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (!e.getKey().equals("object") && !e.getKey().equals("oldObject")) {
                value.put(e.getKey(), JsonToCel.convert(e.getValue()));
            }
        }
        return value;
    }

    public AdmissionRequest request() {
        return request;
    }

    public Object object() {
        if (object == null) {
            JsonNode node = request.object();
            object = node == null ? NullValue.NULL_VALUE : convert(node);
        }
        return object;
    }

    public Object oldObject() {
        if (oldObject == null) {
            JsonNode node = request.oldObject();
            oldObject = node == null ? NullValue.NULL_VALUE : convert(node);
        }
        return oldObject;
    }

    public Map<String, Object> requestValue() {
        if (requestValue == null) {
            requestValue = requestValue(request.node());
        }
        return requestValue;
    }

    /** The namespace of a namespaced request as a CEL value, or null value. */
    public Object namespaceObject() {
        if (namespaceObject == null) {
            String ns = request.isNamespaceObject() ? "" : request.namespace();
            Optional<JsonNode> node = ns.isEmpty() || !cluster.isSynced() ? Optional.empty() : cluster.namespace(ns);
            namespaceObject = node.map(this::convert).orElse(NullValue.NULL_VALUE);
        }
        return namespaceObject;
    }

    /** CEL value of an object from the view, converted once per request. */
    public Object convert(JsonNode node) {
        return converted.computeIfAbsent(node, JsonToCel::convert);
    }
}
