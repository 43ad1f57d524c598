package dev.celador.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Real-shaped AdmissionReviews, as kubectl's requests reach the webhook, posted over HTTP. */
@QuarkusTest
class ValidateWebhookTest {

    private static ValidatableResponse post(String scenario) {
        return given().contentType(ContentType.JSON).body(Reviews.named(scenario))
                .when().post("/validate")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("apiVersion", equalTo("admission.k8s.io/v1"))
                .body("kind", equalTo("AdmissionReview"));
    }

    @Test
    void deniesStatefulSetWithoutVolumeClaimTemplates_reportingEveryFailingPolicy() {
        post("sts-create-without-vct")
                .body("response.uid", equalTo("5a1b-0001"))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(422))
                .body("response.status.reason", equalTo("Invalid"))
                .body("response.status.message", containsString(
                        "ValidatingAdmissionPolicy 'statefulset-service-name' with binding 'statefulset-service-name-deny' denied request: "
                                + "spec.serviceName is empty; set it to the name of the StatefulSet's headless Service"))
                .body("response.status.message", containsString(
                        "ValidatingPolicy 'statefulset-volume-claim-templates' denied request: "
                                + "StatefulSet db has no volumeClaimTemplates: add one per data volume"))
                .body("response.warnings", nullValue());
    }

    @Test
    void allowsASecretAPolicyExceptionLifts_withTheExceptionAnnotation() {
        post("secret-create-by-person-excepted")
                .body("response.allowed", equalTo(true))
                .body("response.auditAnnotations.exception", equalTo("celador/installer-bootstrap: secret-externally-sourced"));
        post("secret-create-by-person")
                .body("response.allowed", equalTo(false))
                .body("response.auditAnnotations.exception", nullValue());
    }

    @Test
    void deniesAPolicyExceptionNamingAnUnknownPolicy_andStatusListsTheTreesException() {
        post("policyexception-create-unknown-policy")
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(422))
                .body("response.status.message", equalTo("PolicyException celador/typo denied by Celador: spec.policies[0].name:"
                        + " Not found: \"secret-externaly-sourced\": no validating policy of that name is loaded"));
        given().when().get("/status").then().statusCode(200)
                .body("exceptions.trustedNamespaces", org.hamcrest.Matchers.contains("celador"))
                .body("exceptions.active.name", org.hamcrest.Matchers.hasItem("celador/installer-bootstrap"))
                .body("exceptions.ignored", org.hamcrest.Matchers.empty());
    }

    @Test
    void answersDryRunExactlyLikeTheRealRequest() {
        String real = post("sts-create-without-vct").extract().path("response.status.message");
        post("sts-create-without-vct-dry-run")
                .body("response.uid", equalTo("5a1b-0002"))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(422))
                .body("response.status.message", equalTo(real));
    }

    @Test
    void allowsStatefulSetWithVolumeClaimTemplatesAndServiceName() {
        post("sts-create-with-vct")
                .body("response.uid", equalTo("5a1b-0003"))
                .body("response.allowed", equalTo(true))
                .body("response.status", nullValue())
                .body("response.warnings", nullValue());
    }

    @Test
    void allowsWithWarning_whenWarnOnlyPolicyFailsOnUpdate() {
        post("sts-update-scales-quorum-to-one")
                .body("response.allowed", equalTo(true))
                .body("response.warnings", contains(
                        "Validation failed for ValidatingAdmissionPolicy 'statefulset-replicas' with binding 'statefulset-replicas-warn': "
                                + "quorum StatefulSet runs 1 replicas; run at least 3"));
    }

    @Test
    void deniesSecretNotFromExternalManager_withForbiddenAndAuditAnnotations() {
        post("secret-create-by-person")
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(403))
                .body("response.status.reason", equalTo("Forbidden"))
                .body("response.status.message", startsWith(
                        "ValidatingAdmissionPolicy 'secret-externally-sourced' with binding 'secret-externally-sourced' denied request: "
                                + "Secret db-credentials must come from the external secret manager"))
                .body("response.auditAnnotations.'secret-externally-sourced.secret-name'", equalTo("checked db-credentials"))
                .body("response.auditAnnotations.'validation.policy.admission.k8s.io.validation_failure'",
                        containsString("\"policy\":\"secret-externally-sourced\""));
    }

    @Test
    void allowsSecretLabelledAsExternallySourced() {
        post("secret-create-external")
                .body("response.allowed", equalTo(true))
                .body("response.auditAnnotations.'secret-externally-sourced.secret-name'", equalTo("checked db-credentials"));
    }

    @Test
    void deniesPvcUpdateThatChangesStorageClass_comparingWithOldObject() {
        post("pvc-update-changes-storage-class")
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(422))
                .body("response.status.message", containsString(
                        "storageClassName of PersistentVolumeClaim data-db-0 cannot change from standard to fast-ssd"));
    }

    @Test
    void allowsPvcUpdateThatOnlyGrowsStorage() {
        post("pvc-update-grows-storage").body("response.allowed", equalTo(true));
    }

    @Test
    void deniesDeleteOfProtectedService_fromOldObjectOnly() {
        post("service-delete-protected")
                .body("response.uid", equalTo("5a1b-0009"))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(403))
                .body("response.status.message", containsString("Service db is protected"));
    }

    @Test
    void allowsDeleteOfServiceWithoutProtectedLabel() {
        post("service-delete-unprotected").body("response.allowed", equalTo(true));
    }

    @Test
    void allowsWhenPolicyErrorsUnderFailurePolicyIgnore() {
        post("configmap-create-policy-errors")
                .body("response.allowed", equalTo(true))
                .body("response.warnings", nullValue());
    }

    @Test
    void unboundPolicyNeverDenies() {
        // unbound-deny-everything matches every request with `false`; only its missing binding keeps it quiet.
        post("sts-create-with-vct").body("response.allowed", equalTo(true));
        post("pvc-update-grows-storage").body("response.allowed", equalTo(true));
    }

    @Test
    void rejectsMalformedJsonWith400_andKeepsServing() {
        given().contentType(ContentType.JSON).body("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": ")
                .when().post("/validate")
                .then().statusCode(400)
                .body("kind", equalTo("Status"))
                .body("code", equalTo(400))
                .body("reason", equalTo("BadRequest"))
                .body("message", startsWith("malformed JSON"));
        post("sts-create-with-vct").body("response.allowed", equalTo(true));
    }

    @Test
    void rejectsSomethingOtherThanAnAdmissionReviewWith400() {
        given().contentType(ContentType.JSON).body("{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}")
                .when().post("/validate")
                .then().statusCode(400)
                .body("message", containsString("expected kind AdmissionReview"));
        given().contentType(ContentType.JSON)
                .body("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"x\"}}")
                .when().post("/validate")
                .then().statusCode(400)
                .body("message", startsWith("invalid AdmissionReview: request."));
    }

    @Test
    void rejectsOversizedBodyWith400() {
        String review = new String(Reviews.named("sts-create-with-vct"));
        String padded = review.replace("\"name\": \"postgres\"",
                "\"name\": \"postgres\", \"padding\": \"" + "x".repeat(AdmissionReviewCodec.MAX_BODY_BYTES) + "\"");
        given().contentType(ContentType.JSON).body(padded)
                .when().post("/validate")
                .then().statusCode(400)
                .body("message", containsString("exceeds the limit"));
        post("sts-create-with-vct").body("response.allowed", equalTo(true));
    }

    @Test
    void answersABodyOverTheInlineLimitWithTheSameVerdictAsItsSmallForm() {
        String review = new String(Reviews.named("sts-create-without-vct"));
        String large = review.replace("\"name\": \"postgres\"",
                "\"name\": \"postgres\", \"padding\": \"" + "x".repeat(4 * AdmissionHandler.INLINE_LIMIT) + "\"");
        org.junit.jupiter.api.Assertions.assertTrue(large.length() > 4 * AdmissionHandler.INLINE_LIMIT, "the padding went in");
        String small = post("sts-create-without-vct").extract().path("response.status.message");
        given().contentType(ContentType.JSON).body(large)
                .when().post("/validate")
                .then().statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", equalTo(small));
    }

    @Test
    void rejectsALargeMalformedBodyWith400SayingWhere_andKeepsServing() {
        String broken = "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \""
                + "u".repeat(2 * AdmissionHandler.INLINE_LIMIT) + "\", \"object\": {\"a\": ]}}}";
        given().contentType(ContentType.JSON).body(broken)
                .when().post("/validate")
                .then().statusCode(400)
                .body("kind", equalTo("Status"))
                .body("message", startsWith("malformed JSON at line 1, column"));
        post("sts-create-with-vct").body("response.allowed", equalTo(true));
    }

    @Test
    void rejectsDeeplyNestedBodyWith400() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"d\",\"x\":" + deep + "}}";
        given().contentType(ContentType.JSON).body(body)
                .when().post("/validate")
                .then().statusCode(400)
                .body("message", containsString("nests deeper than"));
    }

    @Test
    void rejectsEmptyBodyWith400() {
        given().contentType(ContentType.JSON).body(new byte[0])
                .when().post("/validate")
                .then().statusCode(400)
                .body("message", startsWith("empty body"));
    }

    @Test
    void healthEndpointsAreUp_andReadinessCountsLoadedPolicies() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'policies' }.data.loaded", equalTo(9))
                .body("checks.find { it.name == 'policies' }.data.problems", equalTo(1));
    }

    @Test
    void brokenIgnorePolicyAllowsWithTheCompileErrorInTheAuditAnnotations_andDoesNotStopTheOthers() {
        // broken-policy matches every StatefulSet CREATE; its expression does not compile and its failurePolicy is Ignore.
        post("sts-create-with-vct")
                .body("response.allowed", equalTo(true))
                .body("response.status", nullValue())
                .body("response.auditAnnotations.'broken-policy.ignored-error'",
                        containsString("compilation error: 1:23: mismatched input '<EOF>'"));
        given().when().get("/q/health/ready").then()
                .body("checks.name", hasItem("policies"))
                .body("checks.find { it.name == 'cluster-cache' }.status", equalTo("UP"));
    }
}
