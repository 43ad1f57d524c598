package dev.celador.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Secret request as the expressions that write text see it: every `data` and `stringData` value,
 * and those inside the last-applied-configuration annotation, replaced by {@value #MARKER}.
 * Messages, audit annotation values and error texts of a Secret request are computed on this view,
 * so no transform of a value (a substring, upper case, characters split apart) can reach a
 * response, a log or a metric: the value is simply not there. Validations still see the real values.
 */
public final class MaskedSecret {

    public static final String MARKER = "<redacted>";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MaskedSecret() {
    }

    /** The request with its Secret values masked; the request itself when it is not a Secret. */
    public static AdmissionRequest of(AdmissionRequest request) {
        if (!request.isSecret()) {
            return request;
        }
        return request.withObjects(masked(request.object()), masked(request.oldObject()));
    }

    static JsonNode masked(JsonNode secret) {
        if (secret == null || !secret.isObject()) {
            return secret;
        }
        ObjectNode copy = secret.deepCopy();
        maskValues(copy);
        JsonNode annotations = copy.path("metadata").path("annotations");
        JsonNode lastApplied = annotations.path(SecretRedactor.LAST_APPLIED);
        if (lastApplied.isTextual()) {
            String masked;
            try {
                JsonNode applied = JSON.readTree(lastApplied.asText());
                if (applied.isObject()) {
                    maskValues((ObjectNode) applied);
                    masked = JSON.writeValueAsString(applied);
                } else {
                    masked = MARKER;
                }
            } catch (JsonProcessingException notJson) {
                masked = MARKER;
            }
            ((ObjectNode) annotations).put(SecretRedactor.LAST_APPLIED, masked);
        }
        return copy;
    }

    private static void maskValues(ObjectNode secret) {
        for (String field : new String[] {"data", "stringData"}) {
            JsonNode values = secret.get(field);
            if (values instanceof ObjectNode map) {
                java.util.List<String> keys = new java.util.ArrayList<>();
                map.fieldNames().forEachRemaining(keys::add);
                keys.forEach(k -> map.put(k, MARKER));
            } else if (values != null && !values.isNull()) {
                secret.put(field, MARKER);
            }
        }
    }
}
