package dev.celador.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.mutate.MutationVerdict;
import dev.celador.json.CompactNodeFactory;
import dev.celador.engine.validate.AdmissionVerdict;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.io.IOException;

/**
 * Reads admission.k8s.io/v1 AdmissionReview requests (size- and depth-capped, parsed once into a
 * {@link CompactNodeFactory compact tree}) and writes responses. Nothing here decides anything.
 */
public final class AdmissionReviewCodec {

    /** The API server's own limit on a request body. */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
    static final int MAX_NESTING_DEPTH = 256;
    private static final String API_VERSION = "admission.k8s.io/v1";
    private static final int MAX_ANNOTATION_KEY = 63;
    /**
     * The API server sends a UUID (36 characters); a longer uid is not from it, and every log line
     * and answer would carry it whole.
     */
    static final int MAX_UID_LENGTH = 256;

    private final ObjectMapper json;

    public AdmissionReviewCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .build();
        this.json = CompactNodeFactory.mapper(new ObjectMapper(factory));
    }

    public AdmissionRequest read(byte[] body) {
        return read(RequestBody.of(body));
    }

    public AdmissionRequest read(RequestBody body) {
        if (body.length() == 0) {
            throw new BadAdmissionReview("empty body: expected an admission.k8s.io/v1 AdmissionReview");
        }
        if (body.length() > MAX_BODY_BYTES) {
            throw new BadAdmissionReview("body of " + body.length() + " bytes exceeds the limit of " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode review;
        try {
            review = json.readTree(body.stream());
        } catch (StreamConstraintsException e) {
            throw new BadAdmissionReview("body nests deeper than " + MAX_NESTING_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            throw new BadAdmissionReview(malformed(e));
        } catch (IOException e) {
            throw new BadAdmissionReview("unreadable body: " + firstLine(e.getMessage()));
        }
        if (review == null || !review.isObject()) {
            throw new BadAdmissionReview("expected a JSON object holding an AdmissionReview");
        }
        if (!"AdmissionReview".equals(review.path("kind").asText()) || !API_VERSION.equals(review.path("apiVersion").asText())) {
            throw new BadAdmissionReview("expected kind AdmissionReview with apiVersion " + API_VERSION
                    + ", got kind '" + review.path("kind").asText() + "' apiVersion '" + review.path("apiVersion").asText() + "'");
        }
        JsonNode uid = review.path("request").path("uid");
        if (uid.isTextual() && uid.textValue().length() > MAX_UID_LENGTH) {
            throw new BadAdmissionReview("invalid AdmissionReview: request.uid is " + uid.textValue().length()
                    + " characters long, more than the " + MAX_UID_LENGTH + " accepted");
        }
        try {
            return AdmissionRequest.of(review.get("request"));
        } catch (IllegalArgumentException e) {
            throw new BadAdmissionReview("invalid AdmissionReview: " + e.getMessage());
        }
    }

    public ObjectNode write(AdmissionVerdict verdict) {
        ObjectNode review = json.createObjectNode();
        ObjectNode response = response(review, verdict.uid(), verdict.allowed(), verdict.code(), verdict.reason(), verdict.message());
        if (!verdict.warnings().isEmpty()) {
            ArrayNode warnings = response.putArray("warnings");
            verdict.warnings().forEach(warnings::add);
        }
        if (!verdict.auditAnnotations().isEmpty()) {
            ObjectNode annotations = response.putObject("auditAnnotations");
            verdict.auditAnnotations().forEach((k, v) -> annotations.put(annotationKey(k), v));
        }
        return review;
    }

    /** A mutation answer: the patch (base64 RFC 6902, patchType JSONPatch) only when something changed. */
    public ObjectNode write(MutationVerdict verdict) {
        ObjectNode review = json.createObjectNode();
        ObjectNode response = response(review, verdict.uid(), verdict.allowed(), verdict.code(), verdict.reason(), verdict.message());
        if (verdict.allowed() && !verdict.patch().isEmpty()) {
            response.put("patchType", "JSONPatch");
            response.put("patch", Base64.getEncoder().encodeToString(verdict.patch().toString().getBytes(StandardCharsets.UTF_8)));
        }
        return review;
    }

    /** Fills the review's envelope and returns its response, with a Failure status when not allowed. */
    private static ObjectNode response(ObjectNode review, String uid, boolean allowed, int code, String reason, String message) {
        review.put("apiVersion", API_VERSION);
        review.put("kind", "AdmissionReview");
        ObjectNode response = review.putObject("response");
        response.put("uid", uid);
        response.put("allowed", allowed);
        if (!allowed) {
            ObjectNode status = response.putObject("status");
            status.put("status", "Failure");
            status.put("code", code);
            status.put("reason", reason);
            status.put("message", message);
        }
        return response;
    }

    /** A Status body for requests that are not AdmissionReviews at all. */
    public ObjectNode badRequest(String message) {
        ObjectNode status = json.createObjectNode();
        status.put("apiVersion", "v1");
        status.put("kind", "Status");
        status.put("status", "Failure");
        status.put("code", 400);
        status.put("reason", "BadRequest");
        status.put("message", message);
        return status;
    }

    /**
     * The API server prefixes a webhook's annotation keys with the webhook name and a slash, so
     * ours must be plain qualified names: "policy/key" becomes "policy.key", capped at 63 characters.
     */
    static String annotationKey(String key) {
        String k = key.replaceAll("[^-A-Za-z0-9_.]", ".");
        if (k.length() > MAX_ANNOTATION_KEY) {
            k = k.substring(k.length() - MAX_ANNOTATION_KEY);
        }
        return k.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    /**
     * Where the JSON broke and what the parser expected there. Parser messages quote the offending
     * input (which may be a Secret's value) and name characters by code: only the message's shape
     * is kept, so the answer and the log never carry request content.
     */
    static String malformed(JsonProcessingException e) {
        StringBuilder message = new StringBuilder("malformed JSON");
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message.append(" at line ").append(e.getLocation().getLineNr())
                    .append(", column ").append(e.getLocation().getColumnNr());
        }
        return message.append(": ").append(withoutQuotedText(firstLine(e.getOriginalMessage()))).toString();
    }

    static String withoutQuotedText(String message) {
        return message.replaceAll("\\s*\\((?:'[^']*'\\s*)?\\((?:CTRL-CHAR, )?code -?\\d+\\)\\)", "")
                .replaceAll("\\s*\\(code -?\\d+\\)", "")
                .replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"")
                .replaceAll("\\s*\\[Source: [^\\]]*\\]", "");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
