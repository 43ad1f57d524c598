package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/**
 * `celador audit --output text`, one namespace at a time: one line per violation and per policy exception that lifted a
 * policy (`SKIP (exception ns/name: reason)  policy`), grouped by resource, then a summary.
 */
final class AuditTextReport {

    private AuditTextReport() {
    }

    static void print(JsonNode report, PrintStream out) {
        String current = null;
        for (JsonNode row : report.path("results")) {
            String result = row.path("result").asText();
            JsonNode exception = row.path("exception");
            if ((result.equals("pass") || result.equals("skip")) && exception.isMissingNode()) {
                continue;
            }
            JsonNode r = row.path("resource");
            String resource = r.path("kind").asText() + " " + (r.path("namespace").asText().isEmpty() ? "" : r.path("namespace").asText() + "/")
                    + r.path("name").asText();
            if (!resource.equals(current)) {
                out.println(resource);
                current = resource;
            }
            String policy = row.path("policy").asText() + (row.path("binding").isNull() ? "" : " (" + row.path("binding").asText() + ")");
            String label = result.toUpperCase() + (row.path("failurePolicy").asText().equals("Ignore") ? " (ignored: failurePolicy Ignore)" : "");
            for (JsonNode message : row.path("messages")) {
                out.println("  " + label + "  " + policy + ": " + message.asText());
            }
            if (!exception.isMissingNode()) {
                String lifted = "(exception " + exception.path("name").asText() + ": " + exception.path("reason").asText() + ")";
                out.println(result.equals("skip") ? "  SKIP " + lifted + "  " + policy
                        : "  NOTE  " + policy + ": some validations lifted " + lifted);
            }
        }
        JsonNode s = report.path("summary");
        out.printf("%d pass, %d fail, %d warn, %d error, %d skip%n", s.path("pass").asInt(), s.path("fail").asInt(),
                s.path("warn").asInt(), s.path("error").asInt(), s.path("skip").asInt());
    }
}
