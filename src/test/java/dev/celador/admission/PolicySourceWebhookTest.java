package dev.celador.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

/** Writes of the policy ConfigMap, as the API server sends them to /validate-policy-source. */
@QuarkusTest
class PolicySourceWebhookTest {

    private static ValidatableResponse post(String scenario) {
        return given().contentType(ContentType.JSON).body(Reviews.named(scenario))
                .when().post("/validate-policy-source")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("apiVersion", equalTo("admission.k8s.io/v1"))
                .body("kind", equalTo("AdmissionReview"));
    }

    @Test
    void allowsAPolicyConfigMapThatLoads() {
        post("policy-configmap-create-loads-cleanly")
                .body("response.uid", equalTo("5a1b-0101"))
                .body("response.allowed", equalTo(true))
                .body("response.status", nullValue());
    }

    @Test
    void deniesAnUpdateWithACelTypeError_withTheKeyLineAndCompileError() {
        post("policy-configmap-update-cel-compile-error")
                .body("response.uid", equalTo("5a1b-0102"))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(422))
                .body("response.status.reason", equalTo("Invalid"))
                // The key's second document starts on line 13, its expression is on line 23.
                .body("response.status.message", matchesPattern(
                        "(?s)ConfigMap celador/celador-policies is refused: its policies would not load \\(1 problem\\):\n"
                                + "names--policy\\.yaml:(1[3-9]|2[0-3]):\\d+: .*"))
                .body("response.status.message", containsString(
                        ": name-length/spec.validations[0].expression: compile error: "))
                .body("response.status.message", containsString("found no matching overload for '_>_' applied to '(int, string)'"));
    }

    @Test
    void answersTheDryRunExactlyLikeTheRealUpdate() {
        String real = post("policy-configmap-update-cel-compile-error").extract().path("response.status.message");
        post("policy-configmap-update-cel-compile-error-dry-run")
                .body("response.uid", equalTo("5a1b-0103"))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(422))
                .body("response.status.message", equalTo(real));
    }

    @Test
    void allowsTheDeleteOfThePolicyConfigMap() {
        post("policy-configmap-delete")
                .body("response.uid", equalTo("5a1b-0104"))
                .body("response.allowed", equalTo(true));
    }

    @Test
    void rejectsMalformedJsonWith400() {
        given().contentType(ContentType.JSON).body("{\"apiVersion\": ")
                .when().post("/validate-policy-source")
                .then().statusCode(400)
                .body("kind", equalTo("Status"))
                .body("message", startsWith("malformed JSON"));
    }

    /** Before the first load there is no CEL environment: HTTP 503, so the API server applies failurePolicy Ignore. */
    @Test
    void answers503BeforeTheFirstLoad_soTheApiServerAppliesFailurePolicy() {
        PolicySourceHandler notReady = new PolicySourceHandler(new AdmissionReviewCodec(), () -> null, null);
        assertThatThrownBy(() -> notReady.validate(Reviews.named("policy-configmap-update-cel-compile-error")))
                .isInstanceOfSatisfying(WebApplicationException.class, e -> {
                    assertThat(e.getResponse().getStatus()).isEqualTo(503);
                    assertThat(e.getResponse().getEntity().toString()).contains(PolicySourceHandler.NOT_READY);
                });
    }
}
