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
    // Read once: matching asks for these for every loaded policy that could apply.
    private final String uid;
    private final String operation;
    private final String group;
    private final String version;
    private final String resource;
    private final String subResource;
    private final String kindGroup;
    private final String kindVersion;
    private final String kind;
    private final String name;
    private final String namespace;
    private final JsonNode object;
    private final JsonNode oldObject;

    private AdmissionRequest(JsonNode node) {
        this.node = node;
        this.uid = node.path("uid").asText();
        this.operation = node.path("operation").asText();
        JsonNode r = node.path("resource");
        this.group = r.path("group").asText("");
        this.version = r.path("version").asText("");
        this.resource = r.path("resource").asText("");
        this.subResource = node.path("subResource").asText("");
        JsonNode k = node.path("kind");
        this.kindGroup = k.path("group").asText("");
        this.kindVersion = k.path("version").asText("");
        this.kind = k.path("kind").asText("");
        this.name = node.path("name").asText("");
        this.namespace = node.path("namespace").asText("");
        this.object = present(node.get("object"));
        this.oldObject = present(node.get("oldObject"));
    }

    private static JsonNode present(JsonNode o) {
        return o == null || o.isNull() ? null : o;
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

    /** The same request carrying other objects (null for none); the rest is shared. */
    public AdmissionRequest withObjects(JsonNode object, JsonNode oldObject) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).objectNode();
        node.fields().forEachRemaining(e -> copy.set(e.getKey(), e.getValue()));
        copy.set("object", object == null ? copy.nullNode() : object);
        copy.set("oldObject", oldObject == null ? copy.nullNode() : oldObject);
        return new AdmissionRequest(copy);
    }

    public JsonNode node() {
        return node;
    }

    public String uid() {
        return uid;
    }

    public String operation() {
        return operation;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String resource() {
        return resource;
    }

    public String subResource() {
        return subResource;
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
        return kindGroup;
    }

    public String kindVersion() {
        return kindVersion;
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public boolean dryRun() {
        return node.path("dryRun").asBoolean(false);
    }

    /** The new object; null on DELETE. */
    public JsonNode object() {
        return object;
    }

    /** The existing object; null on CREATE. */
    public JsonNode oldObject() {
        return oldObject;
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
