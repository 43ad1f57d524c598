package dev.celador.engine.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celador.policy.ValidationAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to one admission request: allowed or not, the HTTP-style status the API server would
 * give, warnings, audit annotations, and the per-policy results it was assembled from.
 */
public record AdmissionVerdict(
        String uid,
        boolean allowed,
        int code,
        String reason,
        String message,
        List<String> warnings,
        Map<String, String> auditAnnotations,
        List<PolicyResult> results) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The audit annotation key (after the policy name) of errors that failurePolicy Ignore let through. */
    public static final String IGNORED_ERROR_KEY = "ignored-error";
    /**
     * The audit annotation naming the policy exceptions that lifted a policy for this request, as
     * "namespace/name: policy, policy; ...". A webhook's keys reach the audit log prefixed with the
     * webhook's name, so the API server records it as validate.celador.dev/exception.
     */
    public static final String EXCEPTION_ANNOTATION = "exception";

    public AdmissionVerdict {
        warnings = List.copyOf(warnings);
        auditAnnotations = Map.copyOf(auditAnnotations);
        results = List.copyOf(results);
    }

    /** Applies each result's actions to its enforced violations, as the API server's dispatcher does. */
    public static AdmissionVerdict assemble(String uid, List<PolicyResult> results) {
        List<String> denials = new ArrayList<>();
        String firstReason = null;
        List<String> warnings = new ArrayList<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        List<Map<String, Object>> auditFailures = new ArrayList<>();
        for (PolicyResult r : results) {
            annotations.putAll(r.auditAnnotations());
            String ignored = r.ignoredErrors();
            if (ignored != null) {
                // failurePolicy Ignore lets the request through, but the audit log says what was not checked.
                annotations.put(r.policy() + "/" + IGNORED_ERROR_KEY, ignored);
            }
            for (Violation v : r.enforcedViolations()) {
                for (ValidationAction action : r.actions()) {
                    switch (action) {
                        case DENY -> {
                            denials.add(r.describe() + " denied request: " + v.message());
                            if (firstReason == null) {
                                firstReason = v.reason();
                            }
                        }
                        case WARN -> warnings.add("Validation failed for " + r.describe() + ": " + v.message());
                        case AUDIT -> auditFailures.add(auditFailure(r, v));
                    }
                }
            }
        }
        String exempted = exemptions(results);
        if (!exempted.isEmpty()) {
            annotations.put(EXCEPTION_ANNOTATION, exempted);
        }
        if (!auditFailures.isEmpty()) {
            annotations.put("validation.policy.admission.k8s.io/validation_failure", toJson(auditFailures));
        }
        if (denials.isEmpty()) {
            return new AdmissionVerdict(uid, true, 200, null, null, warnings, annotations, results);
        }
        return new AdmissionVerdict(uid, false, codeFor(firstReason), firstReason, String.join("\n", denials),
                warnings, annotations, results);
    }

    /** "ns/a: p1, p2; ns/b: p3" for every result an exception lifted, each policy once, in result order. */
    private static String exemptions(List<PolicyResult> results) {
        Map<String, java.util.Set<String>> byException = new LinkedHashMap<>();
        for (PolicyResult r : results) {
            if (r.exemption() != null) {
                byException.computeIfAbsent(r.exemption().exception(), k -> new java.util.LinkedHashSet<>()).add(r.policy());
            }
        }
        StringBuilder sb = new StringBuilder();
        byException.forEach((exception, policies) -> {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(exception).append(": ").append(String.join(", ", policies));
        });
        return sb.toString();
    }

    /** A refusal without evaluation (503 ServiceUnavailable), e.g. while the policies are still loading. */
    public static AdmissionVerdict unavailable(String uid, String message) {
        return new AdmissionVerdict(uid, false, 503, "ServiceUnavailable", message, List.of(), Map.of(), List.of());
    }

    static int codeFor(String reason) {
        return switch (reason) {
            case "Forbidden" -> 403;
            case "Unauthorized" -> 401;
            case "RequestEntityTooLarge" -> 413;
            default -> 422;
        };
    }

    /** The value format of the API server's validation_failure audit annotation. */
    private static Map<String, Object> auditFailure(PolicyResult r, Violation v) {
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("message", v.message());
        failure.put("policy", r.policy());
        failure.put("binding", r.binding() == null ? "" : r.binding());
        failure.put("expressionIndex", v.index());
        failure.put("validationActions", r.actions().stream().map(ValidationAction::wireName).toList());
        return failure;
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit annotation is not serializable", e);
        }
    }
}
