package dev.celador.cel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.celador.ReviewFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Native ValidatingAdmissionPolicies that use the Kubernetes CEL libraries (quantity, url, ip,
 * cidr, semver, format, regex, lists), loaded by the webhook and answered over HTTP.
 */
@QuarkusTest
@TestProfile(KubernetesLibrariesWebhookTest.LibraryPolicies.class)
class KubernetesLibrariesWebhookTest {

    /** Serves src/test/resources/cel-libraries/policies instead of the default test tree. */
    public static final class LibraryPolicies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("celador.policies", "src/test/resources/cel-libraries/policies");
        }
    }

    private static ValidatableResponse create(String object) {
        return given().contentType(ContentType.JSON)
                .body(ReviewFixtures.createReview(Path.of("src/test/resources/cel-libraries/objects", object + ".yaml")))
                .when().post("/validate")
                .then().statusCode(200);
    }

    @Test
    void everyLibraryPolicyLoads() {
        given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'policies' }.data.loaded", equalTo(6))
                .body("checks.find { it.name == 'policies' }.data.problems", equalTo(0));
    }

    @Test
    void allowsPvcWithinQuantityBounds() {
        create("pvc-50gi").body("response.allowed", equalTo(true));
    }

    @Test
    void deniesPvcAboveQuantityBound() {
        create("pvc-500gi")
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("PersistentVolumeClaim data-b requests 500Gi; request between 1Gi and 100Gi"));
    }

    @Test
    void deniesPvcBelowQuantityBound_comparingBinaryUnits() {
        create("pvc-512mi").body("response.allowed", equalTo(false));
    }

    @Test
    void deniesPvcWhoseStorageIsNotAQuantity_withMessageAndEvaluationError() {
        create("pvc-not-a-quantity")
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("spec.resources.requests.storage is not a Kubernetes quantity"));
    }

    @Test
    void allowsLoadBalancerRangesInsideTheNetwork() {
        create("service-lb-inside-network").body("response.allowed", equalTo(true));
    }

    @Test
    void deniesLoadBalancerRangeOutsideTheNetwork() {
        create("service-lb-outside-network")
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("must be a CIDR inside 10.0.0.0/8"));
    }

    @Test
    void deniesIpv6LoadBalancerAddress() {
        create("service-lb-ipv6-address")
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("spec.loadBalancerIP must be an IPv4 address"));
    }

    @Test
    void deniesUnsortedPorts_namingTheLowest() {
        create("service-ports-unsorted")
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("list spec.ports in ascending port order; the lowest is 5432"));
    }

    @Test
    void deniesTooManyPorts_bySum() {
        create("service-ports-too-many")
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("at most 3 ports"));
    }

    @Test
    void allowsReleaseTaggedImagesWithoutWarning() {
        create("sts-release-images")
                .body("response.allowed", equalTo(true))
                .body("response.warnings", nullValue());
    }

    @Test
    void warnsAboutUnpinnedOrPreReleaseImages() {
        create("sts-unpinned-images")
                .body("response.allowed", equalTo(true))
                .body("response.warnings", contains("Validation failed for ValidatingAdmissionPolicy 'statefulset-image-versions' "
                        + "with binding 'statefulset-image-versions': container images must use a release tag of at least 1.0.0, found: latest, 0.9.1"));
    }

    @Test
    void deniesRunbookAnnotationOverPlainHttp() {
        create("sts-runbook-plain-http")
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("must be an https URL under example.com, got http://runbooks.example.com/postgres"));
    }

    @Test
    void allowsHttpsRunbookAnnotation() {
        create("sts-runbook-https").body("response.allowed", equalTo(true));
    }

    @Test
    void deniesNameEndingInNumber_quotingTheRegexMatch() {
        create("sts-name-ends-in-number")
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("StatefulSet name postgres2 ends in a number (2)"));
    }

    @Test
    void deniesNameThatIsNotADns1035Label_withTheFormatErrors() {
        create("sts-name-not-dns1035")
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("StatefulSet name 9postgres is not a DNS-1035 label: "));
    }
}
