package dev.celador.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Removes a Secret's values from anything the engine says about it: the second layer behind
 * {@link MaskedSecret}, which keeps the values out of every text a policy computes. Values shorter than
 * MIN_LENGTH are not searched for, so common short words are not blanked out everywhere.
 * Client-side {@code kubectl apply} keeps a copy of the manifest in the annotation
 * {@value #LAST_APPLIED}, possibly with older values than {@code data}: the annotation as a whole
 * and the values in it are redacted too.
 */
public final class SecretRedactor {

    static final int MIN_LENGTH = 4;
    public static final String REDACTED = "[REDACTED]";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecretRedactor NONE = new SecretRedactor(List.of());

    private final List<String> values;

    private SecretRedactor(List<String> values) {
        this.values = values;
    }

    public static SecretRedactor forRequest(AdmissionRequest request) {
        if (!request.isSecret()) {
            return NONE;
        }
        List<String> values = new ArrayList<>();
        collect(request.object(), values);
        collect(request.oldObject(), values);
        // The marker stands for a value already taken out (a Secret read without its values): nothing to hide.
        values.removeIf(v -> v.length() < MIN_LENGTH || v.equals(MaskedSecret.MARKER));
        // Longest first, so a value that contains another is replaced whole.
        values.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretRedactor(List.copyOf(values));
    }

    private static void collect(JsonNode secret, List<String> values) {
        if (secret == null) {
            return;
        }
        JsonNode lastApplied = secret.path("metadata").path("annotations").path(LAST_APPLIED);
        if (lastApplied.isTextual()) {
            values.add(lastApplied.asText());
            values.add(lastApplied.asText().trim());
            try {
                collectValues(JSON.readTree(lastApplied.asText()), values);
            } catch (JsonProcessingException notJson) {
                // Redacted as a whole above.
            }
        }
        collectValues(secret, values);
    }

    private static void collectValues(JsonNode secret, List<String> values) {
        if (secret == null || !secret.isObject()) {
            return;
        }
        secret.path("data").forEach(v -> {
            String encoded = v.asText();
            values.add(encoded);
            try {
                values.add(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                // Kept as given: the API server rejects it, but it is still secret.
            }
        });
        secret.path("stringData").forEach(v -> values.add(v.asText()));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, REDACTED);
        }
        return out;
    }
}
