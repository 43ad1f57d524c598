package dev.celador;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** AdmissionReviews for objects kept as YAML fixtures, shaped as the API server sends them. */
public final class ReviewFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();
    /** Resource names of the kinds the fixtures use. */
    private static final Map<String, String> RESOURCES = Map.of(
            "StatefulSet", "statefulsets", "Service", "services", "Secret", "secrets",
            "PersistentVolumeClaim", "persistentvolumeclaims", "ConfigMap", "configmaps", "Pod", "pods");

    private ReviewFixtures() {
    }

    public static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The `request` of a CREATE of object. */
    public static ObjectNode createRequest(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        String kind = object.path("kind").asText();
        String resource = RESOURCES.get(kind);
        if (resource == null) {
            throw new IllegalArgumentException("no resource name known for kind " + kind);
        }
        ObjectNode request = JSON.createObjectNode();
        request.put("uid", "uid-" + object.path("metadata").path("name").asText());
        request.put("operation", "CREATE");
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version).put("resource", resource);
        request.put("name", object.path("metadata").path("name").asText());
        request.put("namespace", object.path("metadata").path("namespace").asText("default"));
        request.putObject("userInfo").put("username", "author@example.com");
        request.set("object", object);
        request.putNull("oldObject");
        request.put("dryRun", false);
        return request;
    }

    /** A whole admission.k8s.io/v1 AdmissionReview for a CREATE of the object in file, as JSON. */
    public static String createReview(Path file) {
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        review.set("request", createRequest(readYaml(file)));
        return review.toString();
    }
}
