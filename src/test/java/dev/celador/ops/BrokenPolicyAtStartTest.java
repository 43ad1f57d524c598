package dev.celador.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A webhook (re)started on policies that do not compile, with no last good version to fall back
 * on: each is enforced as its failurePolicy says, and --strict keeps the pod unready meanwhile.
 */
@QuarkusTest
@TestProfile(BrokenPolicyAtStartTest.BrokenTree.class)
class BrokenPolicyAtStartTest {

    static final Path DIR = Path.of("target/broken-at-start/policies");

    /** A Fail and an Ignore policy that do not compile, served with --strict. */
    public static final class BrokenTree implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(DIR);
                for (String fixture : new String[] {"replicas-limit-type-error", "deployment-replicas-type-error-ignore"}) {
                    Files.copy(Path.of("src/test/resources/enforcement", fixture + ".yaml"), DIR.resolve(fixture + ".yaml"),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("celador.policies", DIR.toString(), "celador.strict", "true");
        }
    }

    private static ValidatableResponse validate(String kind, String resource, int replicas) {
        String review = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"r","operation":"CREATE",
                 "kind":{"group":"apps","version":"v1","kind":"%1$s"},
                 "resource":{"group":"apps","version":"v1","resource":"%2$s"},
                 "namespace":"shop","name":"db","userInfo":{"username":"u"},
                 "object":{"apiVersion":"apps/v1","kind":"%1$s","metadata":{"name":"db","namespace":"shop"},
                           "spec":{"replicas":%3$d}}}}""".formatted(kind, resource, replicas);
        return given().contentType(ContentType.JSON).body(review).when().post("/validate").then().statusCode(200);
    }

    @Test
    void aFailPolicyThatDoesNotCompile_deniesTheRequestsItMatches_withTheCompileError() {
        validate("StatefulSet", "statefulsets", 3)
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(422))
                .body("response.status.message", containsString("ValidatingPolicy 'replicas-limit' denied request: expression "
                        + "'object.spec.replicas <= 5 + 'five'' resulted in error: compilation error: 1:27: found no matching overload"));
    }

    @Test
    void anIgnorePolicyThatDoesNotCompile_allowsWithAnAuditAnnotation() {
        validate("Deployment", "deployments", 3)
                .body("response.allowed", equalTo(true))
                .body("response.auditAnnotations.'deployment-replicas.ignored-error'", containsString("compilation error"));
    }

    @Test
    void strictKeepsThePodUnready_whilePoliciesHaveProblems() {
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'policies' }.data.problems", equalTo(2))
                .body("checks.find { it.name == 'policies' }.data.state", equalTo("problems (strict)"));
    }
}
