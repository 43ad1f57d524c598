package dev.celador.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Builds the `request` of an AdmissionReview the way the API server fills it, for tests. Only
 * what a test sets is written, plus the fields every request has (uid, operation, kind, resource).
 */
public final class ReviewRequests {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode request = JSON.createObjectNode();

    private ReviewRequests(String group, String version, String resource, String kind) {
        request.put("uid", "test-uid");
        request.put("operation", "CREATE");
        ObjectNode k = request.putObject("kind");
        k.put("group", group);
        k.put("version", version);
        k.put("kind", kind);
        ObjectNode r = request.putObject("resource");
        r.put("group", group);
        r.put("version", version);
        r.put("resource", resource);
        request.set("userInfo", JSON.createObjectNode().put("username", "alice"));
    }

    public static ReviewRequests of(String group, String version, String resource, String kind) {
        return new ReviewRequests(group, version, resource, kind);
    }

    public static ReviewRequests pods() {
        return of("", "v1", "pods", "Pod");
    }

    public static ReviewRequests deployments() {
        return of("apps", "v1", "deployments", "Deployment");
    }

    public static ReviewRequests secrets() {
        return of("", "v1", "secrets", "Secret");
    }

    /** A request for a Namespace object: the API server sets namespace to the object's name. */
    public static ReviewRequests namespaces() {
        return of("", "v1", "namespaces", "Namespace");
    }

    public ReviewRequests operation(String operation) {
        request.put("operation", operation);
        return this;
    }

    public ReviewRequests namespace(String namespace) {
        request.put("namespace", namespace);
        return this;
    }

    public ReviewRequests name(String name) {
        request.put("name", name);
        return this;
    }

    public ReviewRequests subResource(String subResource) {
        request.put("subResource", subResource);
        return this;
    }

    /** What the client asked for, when it differs from the resource the object was converted to. */
    public ReviewRequests requestResource(String group, String version, String resource) {
        ObjectNode r = request.putObject("requestResource");
        r.put("group", group);
        r.put("version", version);
        r.put("resource", resource);
        return this;
    }

    public ReviewRequests object(JsonNode object) {
        request.set("object", object);
        return this;
    }

    public ReviewRequests oldObject(JsonNode oldObject) {
        request.set("oldObject", oldObject);
        return this;
    }

    /** Sets object to a minimal object of the request's kind with these labels. */
    public ReviewRequests objectWithLabels(Map<String, String> labels) {
        return object(objectOfKind(labels));
    }

    public ReviewRequests oldObjectWithLabels(Map<String, String> labels) {
        return oldObject(objectOfKind(labels));
    }

    private ObjectNode objectOfKind(Map<String, String> labels) {
        ObjectNode o = JSON.createObjectNode();
        String group = request.path("kind").path("group").asText();
        String version = request.path("kind").path("version").asText();
        o.put("apiVersion", group.isEmpty() ? version : group + "/" + version);
        o.put("kind", request.path("kind").path("kind").asText());
        ObjectNode metadata = o.putObject("metadata");
        metadata.put("name", request.path("name").asText("test"));
        if (request.hasNonNull("namespace")) {
            metadata.put("namespace", request.path("namespace").asText());
        }
        ObjectNode l = metadata.putObject("labels");
        labels.forEach(l::put);
        return o;
    }

    public JsonNode json() {
        return request.deepCopy();
    }

    public AdmissionRequest build() {
        return AdmissionRequest.of(json());
    }
}
