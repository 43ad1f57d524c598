package dev.celador.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Policies that turn a Secret's values into text every way they can (upper case, a prefix, the
 * characters split apart, a replacement, errors that quote a value, audit annotations, warnings),
 * with values of 1, 2, 3 and many characters, on CREATE and UPDATE: no form of any value shows
 * in a response, a log line, /status or /q/metrics.
 */
@QuarkusTest
@TestProfile(SecretTransformsNoLeakTest.TransformPolicies.class)
class SecretTransformsNoLeakTest {

    public static final class TransformPolicies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("celador.policies", "src/test/resources/secret-transforms",
                    "quarkus.log.category.\"dev.celador\".level", "DEBUG");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** stringData values of the new object; 1, 2 and 3 characters, and a long one. */
    private static final Map<String, String> NEW_VALUES = Map.of("one", "§", "two", "qz", "three", "zqj", "long", "hunter2-very-Secret");
    private static final String DATA_VALUE = "s3cr3t-t0ken-Value";
    private static final String OLD_VALUE = "prev-Secret-77";
    private static final String LAST_APPLIED_VALUE = "applied-Before-42";

    private LogCapture log;

    @BeforeEach
    void captureLogs() {
        log = LogCapture.of("");
    }

    @AfterEach
    void stopCapturing() {
        log.detach();
    }

    private static ObjectNode secret(Map<String, String> stringData, String dataValue) {
        ObjectNode secret = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Secret");
        ObjectNode metadata = secret.putObject("metadata").put("name", "db").put("namespace", "shop");
        ObjectNode applied = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Secret");
        applied.putObject("stringData").put("long", LAST_APPLIED_VALUE);
        metadata.putObject("annotations").put("kubectl.kubernetes.io/last-applied-configuration", applied.toString());
        ObjectNode sd = secret.putObject("stringData");
        stringData.forEach(sd::put);
        secret.putObject("data").put("token", Base64.getEncoder().encodeToString(dataValue.getBytes(StandardCharsets.UTF_8)));
        return secret;
    }

    private static String review(String operation, ObjectNode object, ObjectNode oldObject) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "secret-" + operation).put("operation", operation)
                .put("name", "db").put("namespace", "shop");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Secret");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "secrets");
        request.putObject("userInfo").put("username", "alice");
        request.set("object", object);
        request.set("oldObject", oldObject == null ? JSON.nullNode() : oldObject);
        return review.toString();
    }

    /** Each value in every form a transform could give it. */
    private static Set<String> forms() {
        List<String> values = new ArrayList<>(NEW_VALUES.values());
        values.addAll(List.of(DATA_VALUE, OLD_VALUE, LAST_APPLIED_VALUE,
                Base64.getEncoder().encodeToString(DATA_VALUE.getBytes(StandardCharsets.UTF_8))));
        Set<String> forms = new LinkedHashSet<>();
        for (String v : values) {
            forms.add(v);
            forms.add(v.toUpperCase(Locale.ROOT));
            forms.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
            forms.add(String.join(" ", v.split("")));
            forms.add(v.replace('-', '.'));
            if (v.length() > 2) {
                forms.add(v.substring(0, 2) + ",");
            }
        }
        return forms;
    }

    private static void assertNoValueIn(String where, String text) {
        for (String form : forms()) {
            assertThat(text).as(where + " must not contain a form of a Secret value: " + form).doesNotContain(form);
        }
    }

    @Test
    void noFormOfAnyValueLeavesTheProcess_onCreateAndUpdate() {
        ObjectNode created = secret(NEW_VALUES, DATA_VALUE);
        ObjectNode previous = secret(Map.of("long", OLD_VALUE), OLD_VALUE);
        List<String> answers = new ArrayList<>();
        for (String body : List.of(review("CREATE", created, null), review("UPDATE", created, previous))) {
            answers.add(given().contentType(ContentType.JSON).body(body).when().post("/validate")
                    .then().statusCode(200).extract().asString());
        }

        for (String answer : answers) {
            // The policies ran and said what they could: the transforms of the masked values.
            assertThat(answer).contains("upper: <REDACTED>").contains("split: < r e d a c t e d >").contains("prefix: <r")
                    .contains("\"allowed\":false").contains("secret-transforms-deny.everything")
                    .contains("Validation failed for ValidatingPolicy 'secret-transforms-warn'");
            assertNoValueIn("the response", answer);
        }
        assertThat(log.lines()).anyMatch(line -> line.contains("uid=secret-UPDATE"));
        log.lines().forEach(line -> assertNoValueIn("the log", line));
        assertNoValueIn("/status", given().when().get("/status").then().statusCode(200).extract().asString());
        assertNoValueIn("/q/metrics", given().when().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
