package dev.celador.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import dev.celador.cel.JsonToCel;
import dev.celador.view.ClusterView;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the CEL values every policy that evaluates it reads. Objects become lazy views
 * ({@link JsonToCel}), so taking one costs an allocation and a policy pays only for the fields it
 * reads. Not shared between threads.
 */
public final class RequestContext {

    private final AdmissionRequest request;
    private final ClusterView cluster;
    private Object object;
    private Object oldObject;
    private Map<String, Object> requestValue;
    private Object namespaceObject;
    private RequestContext forText;

    public RequestContext(AdmissionRequest request, ClusterView cluster) {
        this.request = request;
        this.cluster = cluster;
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

    /**
     * The context that expressions writing text for people and logs (messages, audit annotations,
     * error texts) evaluate in: this one, or for a Secret the same request with its values masked
     * ({@link MaskedSecret}).
     */
    public RequestContext forText() {
        if (forText == null) {
            forText = request.isSecret() ? new RequestContext(MaskedSecret.of(request), cluster) : this;
        }
        return forText;
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

    /** CEL value of an object from the view. */
    public Object convert(JsonNode node) {
        return JsonToCel.convert(node);
    }
}
