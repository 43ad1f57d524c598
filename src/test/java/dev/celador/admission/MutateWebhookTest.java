package dev.celador.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import dev.celador.ReviewFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * POST /mutate with the shipped default mutations: the returned patch, applied to the original
 * with a JSON Patch library, gives the defaulted object; posting that object again gives no patch.
 */
@QuarkusTest
@TestProfile(MutateWebhookTest.ShippedPolicies.class)
class MutateWebhookTest {

    /** Serves the shipped policy tree. */
    public static final class ShippedPolicies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("celador.policies", "policies");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) {
        return ReviewFixtures.readYaml(Path.of("src/test/resources/mutate-webhook", name + ".yaml"));
    }

    private static JsonNode post(String path, JsonNode object) throws Exception {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        review.set("request", ReviewFixtures.createRequest(object));
        String body = given().contentType(ContentType.JSON).body(review.toString()).when().post(path)
                .then().statusCode(200).extract().asString();
        return JSON.readTree(body).path("response");
    }

    /** The object the API server would store: the original with the returned patch applied. */
    private static JsonNode patched(JsonNode original, JsonNode response) throws Exception {
        assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
        JsonNode patch = JSON.readTree(new String(Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8));
        return JsonPatch.apply(patch, original);
    }

    @Test
    void injectsTcpReadinessProbesIntoStatefulSetContainersThatServeOnAPort() throws Exception {
        JsonNode original = fixture("sts-without-probes-or-classes");
        JsonNode response = post("/mutate", original);

        assertThat(response.path("uid").asText()).isEqualTo("uid-db");
        assertThat(response.path("allowed").asBoolean()).isTrue();
        JsonNode containers = patched(original, response).path("spec").path("template").path("spec").path("containers");
        JsonNode probe = containers.get(0).path("readinessProbe");
        assertThat(containers.get(0).path("name").asText()).isEqualTo("postgres");
        assertThat(probe.path("tcpSocket").path("port").asInt()).isEqualTo(5432);
        assertThat(probe.path("initialDelaySeconds").asInt()).isEqualTo(5);
        assertThat(probe.path("periodSeconds").asInt()).isEqualTo(10);
        assertThat(probe.path("timeoutSeconds").asInt()).isEqualTo(3);
        assertThat(probe.path("failureThreshold").asInt()).isEqualTo(3);
        assertThat(containers.get(1).has("readinessProbe")).as("no port, no probe").isFalse();
        assertThat(containers.get(2).path("readinessProbe")).isEqualTo(original.at("/spec/template/spec/containers/2/readinessProbe"));
        assertThat(containers).hasSize(3);
    }

    @Test
    void aStatefulSetOverTheInlineLimitGetsTheSamePatchAsItsSmallForm() throws Exception {
        JsonNode small = fixture("sts-without-probes-or-classes");
        ObjectNode large = small.deepCopy();
        large.withObject("/metadata/annotations").put("padding", "x".repeat(4 * AdmissionHandler.INLINE_LIMIT));
        JsonNode patchedLarge = patched(large, post("/mutate", large));
        patchedLarge.withObject("/metadata/annotations").remove("padding");
        if (!small.path("metadata").has("annotations")) {
            patchedLarge.withObject("/metadata").remove("annotations");
        }
        assertThat(patchedLarge).isEqualTo(patched(small, post("/mutate", small)));
    }

    @Test
    void setsStorageClassOnVolumeClaimTemplatesThatLackOne() throws Exception {
        JsonNode original = fixture("sts-without-probes-or-classes");
        JsonNode templates = patched(original, post("/mutate", original)).path("spec").path("volumeClaimTemplates");

        assertThat(templates.get(0).at("/spec/storageClassName").asText()).isEqualTo("standard");
        assertThat(templates.get(1).at("/spec/storageClassName").asText()).isEqualTo("fast");
    }

    @Test
    void mutatedStatefulSetGivesNoPatchTheSecondTime_andValidationWarnsOnlyAboutThePortlessContainer() throws Exception {
        JsonNode original = fixture("sts-without-probes-or-classes");
        JsonNode mutated = patched(original, post("/mutate", original));

        JsonNode again = post("/mutate", mutated);
        assertThat(again.path("allowed").asBoolean()).isTrue();
        assertThat(again.has("patch")).isFalse();
        assertThat(again.has("patchType")).isFalse();
        // The injected probes satisfy statefulset-readiness-probe for every container with a port.
        JsonNode validated = post("/validate", mutated);
        assertThat(validated.path("warnings").toString()).contains("StatefulSet db: containers log-shipper have no readinessProbe");
    }

    @Test
    void setsStorageClassOnPvcWithoutOne_andLeavesAChosenClassAlone() throws Exception {
        JsonNode original = fixture("pvc-without-class");
        assertThat(patched(original, post("/mutate", original)).at("/spec/storageClassName").asText()).isEqualTo("standard");

        JsonNode chosen = post("/mutate", fixture("pvc-with-class"));
        assertThat(chosen.path("allowed").asBoolean()).isTrue();
        assertThat(chosen.has("patch")).isFalse();
    }

    @Test
    void answersDeleteWithoutAPatch() throws Exception {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = ReviewFixtures.createRequest(fixture("pvc-without-class"));
        request.put("operation", "DELETE");
        request.set("oldObject", request.get("object"));
        request.putNull("object");
        review.set("request", request);
        String body = given().contentType(ContentType.JSON).body(review.toString()).when().post("/mutate")
                .then().statusCode(200).extract().asString();

        JsonNode response = JSON.readTree(body).path("response");
        assertThat(response.path("allowed").asBoolean()).isTrue();
        assertThat(response.has("patch")).isFalse();
    }

    @Test
    void rejectsMalformedBodyWith400() {
        given().contentType(ContentType.JSON).body("{").when().post("/mutate").then().statusCode(400);
    }
}
