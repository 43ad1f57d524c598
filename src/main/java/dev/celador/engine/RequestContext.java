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
 * Conversions of params and the namespace happen on first use. Not shared between threads.
 */
public final class RequestContext {

    private final AdmissionRequest request;
    private final ClusterView cluster;
    private final Object object;
    private final Object oldObject;
    private final Map<String, Object> requestValue;
    private final Map<JsonNode, Object> converted = new IdentityHashMap<>();
    private Object namespaceObject;

    public RequestContext(AdmissionRequest request, ClusterView cluster) {
        this.request = request;
        this.cluster = cluster;
        this.object = JsonToCel.convert(request.object());
        this.oldObject = JsonToCel.convert(request.oldObject());
        this.requestValue = requestValue(request.node());
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
        return object;
    }

    public Object oldObject() {
        return oldObject;
    }

    public Map<String, Object> requestValue() {
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
