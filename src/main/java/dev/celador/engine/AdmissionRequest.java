package dev.celador.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.policy.LabelSelector;
import java.util.Map;

/**
 * The `request` of an AdmissionReview, as the API server sent it. Construction checks the
 * fields the engine relies on, so a malformed review is rejected before any policy runs.
 */
public final class AdmissionRequest {

    private final JsonNode node;

    private AdmissionRequest(JsonNode node) {
        this.node = node;
    }

    /** Throws IllegalArgumentException naming the first missing or malformed field. */
    public static AdmissionRequest of(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("request: must be an object");
        }
        requireText(request, "uid");
        requireText(request, "operation");
        JsonNode resource = request.get("resource");
        if (resource == null || !resource.isObject() || !resource.path("resource").isTextual()
                || !resource.path("version").isTextual()) {
            throw new IllegalArgumentException("request.resource: must name group, version and resource");
        }
        JsonNode kind = request.get("kind");
        if (kind == null || !kind.isObject() || !kind.path("kind").isTextual()) {
            throw new IllegalArgumentException("request.kind: must name group, version and kind");
        }
        for (String field : new String[] {"object", "oldObject"}) {
            JsonNode o = request.get(field);
            if (o != null && !o.isNull() && !o.isObject()) {
                throw new IllegalArgumentException("request." + field + ": must be an object or null");
            }
        }
        return new AdmissionRequest(request);
    }

    private static void requireText(JsonNode request, String field) {
        if (!request.path(field).isTextual() || request.path(field).asText().isEmpty()) {
            throw new IllegalArgumentException("request." + field + ": required string");
        }
    }

    /** The same request carrying another object (what a mutation produced); the rest is shared. */
    public AdmissionRequest withObject(JsonNode object) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).objectNode();
        node.fields().forEachRemaining(e -> copy.set(e.getKey(), e.getValue()));
        copy.set("object", object);
        return new AdmissionRequest(copy);
    }

    public JsonNode node() {
        return node;
    }

    public String uid() {
        return node.path("uid").asText();
    }

    public String operation() {
        return node.path("operation").asText();
    }

    public String group() {
        return node.path("resource").path("group").asText("");
    }

    public String version() {
        return node.path("resource").path("version").asText("");
    }

    public String resource() {
        return node.path("resource").path("resource").asText("");
    }

    public String subResource() {
        return node.path("subResource").asText("");
    }

    /** The resource the client originally asked for (differs from resource after conversion). */
    public JsonNode requestResource() {
        JsonNode rr = node.get("requestResource");
        return rr != null && rr.isObject() ? rr : node.path("resource");
    }

    public String requestSubResource() {
        JsonNode s = node.get("requestSubResource");
        return s != null && s.isTextual() ? s.asText() : subResource();
    }

    public String kindGroup() {
        return node.path("kind").path("group").asText("");
    }

    public String kindVersion() {
        return node.path("kind").path("version").asText("");
    }

    public String kind() {
        return node.path("kind").path("kind").asText("");
    }

    public String name() {
        return node.path("name").asText("");
    }

    public String namespace() {
        return node.path("namespace").asText("");
    }

    public boolean dryRun() {
        return node.path("dryRun").asBoolean(false);
    }

    /** The new object; null on DELETE. */
    public JsonNode object() {
        JsonNode o = node.get("object");
        return o == null || o.isNull() ? null : o;
    }

    /** The existing object; null on CREATE. */
    public JsonNode oldObject() {
        JsonNode o = node.get("oldObject");
        return o == null || o.isNull() ? null : o;
    }

    public boolean isNamespaceObject() {
        return kindGroup().isEmpty() && kind().equals("Namespace") && resource().equals("namespaces");
    }

    public boolean isSecret() {
        return group().isEmpty() && resource().equals("secrets");
    }

    /** Labels of object (or, with useOld, oldObject). */
    public Map<String, String> labels(boolean useOld) {
        return LabelSelector.labelsOf(useOld ? oldObject() : object());
    }
}
