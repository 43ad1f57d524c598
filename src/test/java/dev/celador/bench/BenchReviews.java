package dev.celador.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.ReviewFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real-shaped AdmissionReviews every benchmark sends, built from the objects in
 * bench/reviews/ the way the API server fills a review: StatefulSet CREATE and UPDATE (scaled
 * and a new image), Secret CREATE, PVC UPDATE (storage grown), Service DELETE (oldObject only).
 */
public final class BenchReviews {

    public static final List<String> NAMES = List.of("sts-create", "sts-update", "secret-create", "pvc-update", "service-delete");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchReviews() {
    }

    public static Path dir() {
        return Path.of("bench", "reviews");
    }

    /** The objects a cluster holds for these reviews: the headless Service and the namespace. */
    public static List<JsonNode> clusterObjects() {
        ObjectNode ns = JSON.createObjectNode();
        ns.put("apiVersion", "v1").put("kind", "Namespace").putObject("metadata").put("name", "shop")
                .putObject("labels").put("kubernetes.io/metadata.name", "shop");
        return List.of(ReviewFixtures.readYaml(dir().resolve("service.yaml")), ns);
    }

    public static Map<String, byte[]> all() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        NAMES.forEach(n -> out.put(n, body(n)));
        return out;
    }

    /** How a large StatefulSet grows: entries policies never walk, or containers every StatefulSet policy walks. */
    public enum Growth { ENV, CONTAINERS }

    /**
     * The StatefulSet CREATE grown to about this many bytes (the API server accepts objects up to
     * 3 MiB): by environment variables of its first container ({@link Growth#ENV}, a large but
     * ordinary object), or by copies of its first container under new names
     * ({@link Growth#CONTAINERS}, the shape that makes every container-walking policy work).
     */
    public static byte[] largeStatefulSet(int bytes, Growth growth) {
        ObjectNode object = (ObjectNode) read("statefulset.yaml");
        com.fasterxml.jackson.databind.node.ArrayNode containers =
                (com.fasterxml.jackson.databind.node.ArrayNode) object.path("spec").path("template").path("spec").path("containers");
        ObjectNode first = (ObjectNode) containers.get(0);
        int base = body(ReviewFixtures.createRequest(object), "bench-sts-large").length;
        if (growth == Growth.ENV) {
            com.fasterxml.jackson.databind.node.ArrayNode env = first.has("env") ? (com.fasterxml.jackson.databind.node.ArrayNode) first.get("env")
                    : first.putArray("env");
            // {"name":"SETTING_00000","value":"...46 digits...-tuned-for-shard-x"}, about 100 bytes each.
            for (int i = 0; i < Math.max(0, (bytes - base) / 100); i++) {
                env.addObject().put("name", String.format("SETTING_%05d", i))
                        .put("value", String.format("%046d", (long) i * 2654435761L % 1_000_000_007L) + "-tuned-for-shard-x");
            }
        } else {
            int each = first.toString().length() + 1;
            for (int i = 0; i < Math.max(0, (bytes - base) / each); i++) {
                containers.add(first.deepCopy().put("name", String.format("worker-%04d", i)));
            }
        }
        return body(ReviewFixtures.createRequest(object), "bench-sts-large");
    }

    public static byte[] body(String name) {
        ObjectNode request = switch (name) {
            case "sts-create" -> ReviewFixtures.createRequest(read("statefulset.yaml"));
            case "sts-update" -> {
                JsonNode old = read("statefulset.yaml");
                ObjectNode now = old.deepCopy();
                ((ObjectNode) now.path("spec")).put("replicas", 5);
                ((ObjectNode) now.path("spec").path("template").path("spec").path("containers").get(0))
                        .put("image", "registry.example.com/bitnami/postgresql:16.4.0-debian-12-r1");
                ((ObjectNode) now.path("metadata")).put("generation", 2);
                yield update(now, old);
            }
            case "secret-create" -> ReviewFixtures.createRequest(read("secret.yaml"));
            case "pvc-update" -> {
                JsonNode old = read("pvc.yaml");
                ObjectNode now = old.deepCopy();
                ((ObjectNode) now.path("spec").path("resources").path("requests")).put("storage", "100Gi");
                yield update(now, old);
            }
            case "service-delete" -> {
                ObjectNode r = ReviewFixtures.createRequest(read("service.yaml"));
                r.put("operation", "DELETE");
                r.set("oldObject", r.get("object"));
                r.putNull("object");
                r.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", "DeleteOptions");
                yield r;
            }
            default -> throw new IllegalArgumentException("no bench review " + name);
        };
        return body(request, "bench-" + name);
    }

    private static byte[] body(ObjectNode request, String uid) {
        request.put("uid", uid);
        ((ObjectNode) request.path("userInfo")).putArray("groups").add("system:authenticated").add("developers");
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        review.set("request", request);
        return review.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode update(JsonNode now, JsonNode old) {
        ObjectNode r = ReviewFixtures.createRequest(now);
        r.put("operation", "UPDATE");
        r.set("oldObject", old);
        r.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", "UpdateOptions");
        return r;
    }

    private static JsonNode read(String file) {
        return ReviewFixtures.readYaml(dir().resolve(file));
    }
}
