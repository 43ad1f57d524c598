package dev.celador.audit;

import dev.celador.policy.DocumentReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Severity and category of each validating policy, from its annotations (`celador.dev/severity`,
 * `celador.dev/category`, or Kyverno's `policies.kyverno.io/severity` and `/category`, so ported
 * policies keep theirs). A severity outside the report API's enum is left out rather than written.
 */
public final class PolicyLabels {

    /** A policy's labels; either may be null. */
    public record Label(String severity, String category) {
    }

    private static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low", "info");
    private static final Set<String> VALIDATING = Set.of("ValidatingAdmissionPolicy", "ValidatingPolicy");
    private static final Label NONE = new Label(null, null);

    private final Map<String, Label> byPolicy;

    private PolicyLabels(Map<String, Label> byPolicy) {
        this.byPolicy = Map.copyOf(byPolicy);
    }

    public static PolicyLabels none() {
        return new PolicyLabels(Map.of());
    }

    /** Reads the policy documents under the paths; documents that do not read are the loader's to report. */
    public static PolicyLabels read(List<Path> paths) {
        Map<String, Label> labels = new HashMap<>();
        new DocumentReader().readAll(paths, dir -> dir.equals("tests") || dir.equals("cases"), d -> {
            if (!VALIDATING.contains(d.node().path("kind").asText())) {
                return;
            }
            var annotations = d.node().path("metadata").path("annotations");
            String severity = first(annotations, "celador.dev/severity", "policies.kyverno.io/severity");
            String category = first(annotations, "celador.dev/category", "policies.kyverno.io/category");
            if (severity != null) {
                severity = severity.toLowerCase(java.util.Locale.ROOT);
                severity = SEVERITIES.contains(severity) ? severity : null;
            }
            if (severity != null || category != null) {
                labels.put(d.node().path("metadata").path("name").asText(), new Label(severity, category));
            }
        }, problem -> { });
        return new PolicyLabels(labels);
    }

    public Label of(String policy) {
        return byPolicy.getOrDefault(policy, NONE);
    }

    private static String first(com.fasterxml.jackson.databind.JsonNode annotations, String... keys) {
        for (String k : keys) {
            String v = annotations.path(k).asText("");
            if (!v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
