package dev.celador.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Secret's data and stringData never leave the process: not in responses (even when a policy's
 * messageExpression quotes them), not in any log line at DEBUG, not in 400 answers.
 */
@QuarkusTest
class SecretNoLeakTest {

    /** Values of secret-create-by-person.json: stringData, data as sent (base64) and decoded. */
    private static final List<String> SECRET_VALUES = List.of("hunter2-very-secret", "czNjcjN0LXQwa2VuLXZhbHVl", "s3cr3t-t0ken-value");

    private LogCapture log;

    @BeforeEach
    void captureLogs() {
        log = LogCapture.of("");
    }

    @AfterEach
    void stopCapturing() {
        log.detach();
    }

    @Test
    void deniedSecretResponseAndLogsCarryNoSecretValue() {
        String body = given().contentType(ContentType.JSON).body(Reviews.named("secret-create-by-person"))
                .when().post("/validate")
                .then().statusCode(200).extract().asString();

        // The policy's messageExpression quotes every value; the engine replaced them.
        assertThat(body).contains("Secret db-credentials must come from the external secret manager")
                .contains("password=<redacted>").contains("token=<redacted>");
        assertNoSecretIn(body);
        assertThat(log.lines()).anyMatch(line -> line.contains("uid=5a1b-0005"));
        log.lines().forEach(SecretNoLeakTest::assertNoSecretIn);
    }

    @Test
    void malformedSecretReviewGets400WithoutEchoingValues() {
        String broken = new String(Reviews.named("secret-create-by-person"))
                .replace("\"hunter2-very-secret\"", "hunter2-very-secret");
        String body = given().contentType(ContentType.JSON).body(broken)
                .when().post("/validate")
                .then().statusCode(400).extract().asString();

        assertThat(body).contains("malformed JSON");
        assertNoSecretIn(body);
        log.lines().forEach(SecretNoLeakTest::assertNoSecretIn);
    }

    private static void assertNoSecretIn(String text) {
        for (String value : SECRET_VALUES) {
            assertThat(text).doesNotContain(value);
        }
    }
}
