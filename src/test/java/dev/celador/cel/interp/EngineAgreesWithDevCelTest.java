package dev.celador.cel.interp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.ReviewFixtures;
import dev.celador.admission.AdmissionReviewCodec;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.PolicyLoader;
import dev.celador.view.StaticClusterView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole shipped library gives the same answers with the fast path as with dev.cel alone:
 * every StatefulSet, Service, Secret and PVC fixture of the policy tests, created, updated (onto
 * each other fixture of its kind) and deleted, through /mutate and /validate, against the cluster
 * state of every policy's tests. The answers are compared as the JSON the webhook sends.
 */
class EngineAgreesWithDevCelTest {

    private static final Set<String> KINDS = Set.of("StatefulSet", "Service", "Secret", "PersistentVolumeClaim");
    private static final Path POLICIES = Path.of("policies");

    @TestFactory
    Stream<DynamicTest> everyFixtureGetsTheSameAnswers() throws IOException {
        List<JsonNode> cluster = new ArrayList<>();
        List<JsonNode> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(POLICIES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && f.toString().contains("/tests/")).sorted().toList()) {
                for (JsonNode doc : documents(file)) {
                    if (file.getFileName().toString().equals("cluster-state.yaml")) {
                        cluster.add(doc);
                    } else if (KINDS.contains(doc.path("kind").asText())) {
                        objects.add(doc);
                    }
                }
            }
        }
        assertThat(objects).hasSizeGreaterThan(30);
        Engine fast = engine(true, cluster);
        Engine devCel = engine(false, cluster);
        AdmissionReviewCodec codec = new AdmissionReviewCodec();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode object : objects) {
            String name = object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
            List<ObjectNode> requests = new ArrayList<>();
            requests.add(ReviewFixtures.createRequest(object));
            for (JsonNode old : objects) {
                if (old != object && old.path("kind").equals(object.path("kind"))) {
                    requests.add(update(object, old));
                }
            }
            requests.add(delete(object));
            tests.add(DynamicTest.dynamicTest(name + " (" + requests.size() + " requests)", () -> {
                for (ObjectNode request : requests) {
                    byte[] body = review(request);
                    String what = request.path("operation").asText() + " " + name;
                    assertThat(codec.write(fast.validate(codec.read(body)))).as("validate " + what)
                            .isEqualTo(codec.write(devCel.validate(codec.read(body))));
                    assertThat(codec.write(fast.mutate(codec.read(body)))).as("mutate " + what)
                            .isEqualTo(codec.write(devCel.mutate(codec.read(body))));
                }
            }));
        }
        return tests.stream();
    }

    private static Engine engine(boolean fastPath, List<JsonNode> cluster) {
        PolicySnapshot snapshot = new PolicySnapshot(new PolicyCompiler(new CelEnvironment(fastPath))
                .compile(new PolicyLoader().load(List.of(POLICIES))));
        return new Engine(new PolicyRegistry(snapshot), new StaticClusterView(cluster));
    }

    private static ObjectNode update(JsonNode object, JsonNode old) {
        ObjectNode request = ReviewFixtures.createRequest(object);
        request.put("operation", "UPDATE");
        request.set("oldObject", old);
        return request;
    }

    private static ObjectNode delete(JsonNode object) {
        ObjectNode request = ReviewFixtures.createRequest(object);
        request.put("operation", "DELETE");
        request.putNull("object");
        request.set("oldObject", object);
        return request;
    }

    private static byte[] review(ObjectNode request) {
        ObjectNode review = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview").set("request", request);
        return review.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLMapper().getFactory().createParser(file.toFile())) {
            var it = new YAMLMapper().readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }
}
