package dev.celador.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    private static final String LAST_APPLIED = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"api-token\"},"
            + "\"stringData\":{\"token\":\"old-token-0a1b2c\"},\"data\":{\"key\":\"b2xkLWtleS05eDh5\"}}";

    @Test
    void redactsValuesThatOnlyTheClientSideApplyAnnotationStillHolds() {
        ObjectNode secret = ReviewRequests.JSON.createObjectNode();
        secret.put("apiVersion", "v1").put("kind", "Secret");
        secret.putObject("metadata").put("name", "api-token")
                .putObject("annotations").put(SecretRedactor.LAST_APPLIED, LAST_APPLIED + "\n");
        secret.putObject("data").put("token", "bmV3LXRva2VuLTNkNGU1Zg==");

        SecretRedactor redactor = SecretRedactor.forRequest(
                ReviewRequests.secrets().namespace("shop").name("api-token").object(secret).build());

        assertThat(redactor.redact("was old-token-0a1b2c, key old-key-9x8y, now new-token-3d4e5f"))
                .isEqualTo("was [REDACTED], key [REDACTED], now [REDACTED]");
        assertThat(redactor.redact("annotation: " + LAST_APPLIED)).isEqualTo("annotation: [REDACTED]");
    }

    @Test
    void redactsAnAnnotationThatIsNotJsonAsAWhole() {
        ObjectNode secret = ReviewRequests.JSON.createObjectNode();
        secret.put("apiVersion", "v1").put("kind", "Secret");
        secret.putObject("metadata").put("name", "api-token")
                .putObject("annotations").put(SecretRedactor.LAST_APPLIED, "token: not-json-7g8h");

        SecretRedactor redactor = SecretRedactor.forRequest(
                ReviewRequests.secrets().namespace("shop").name("api-token").object(secret).build());

        assertThat(redactor.redact("it says token: not-json-7g8h")).isEqualTo("it says [REDACTED]");
    }
}
