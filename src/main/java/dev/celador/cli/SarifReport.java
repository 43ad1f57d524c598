package dev.celador.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.FailurePolicy;
import dev.celador.engine.compile.CompileResult;
import dev.celador.policy.Problem;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * `--output sarif`: a SARIF 2.1.0 log, as code-scanning tools read it. Each policy is a rule (its
 * description from {@link PolicyDescriptions}); each violation is a result at the file and line of
 * the resource's document: level error for what the webhook would deny, warning for Warn and for
 * errors that failurePolicy Ignore lets through. Input problems are the invocation's notifications,
 * and executionSuccessful is false when there are any. Results are written as they come.
 */
final class SarifReport implements CheckReport {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamedJson json;
    private final JsonGenerator out;
    private final Map<String, Integer> ruleIndex = new HashMap<>();

    SarifReport(OutputStream stream) {
        this.json = new StreamedJson(stream);
        this.out = json.generator();
    }

    @Override
    public void begin(CompileResult compiled) {
        json.write(() -> {
            out.writeStartObject();
            out.writeStringField("$schema", SCHEMA);
            out.writeStringField("version", "2.1.0");
            out.writeArrayFieldStart("runs");
            out.writeStartObject();
            out.writeObjectFieldStart("tool");
            out.writeObjectFieldStart("driver");
            out.writeStringField("name", "celador");
            out.writeStringField("version", "0.1.0");
            out.writeArrayFieldStart("rules");
            for (PolicyDescriptions.Described p : PolicyDescriptions.of(compiled)) {
                if (ruleIndex.putIfAbsent(p.name(), ruleIndex.size()) != null) {
                    continue;
                }
                out.writeTree(rule(p));
            }
            out.writeEndArray();
            out.writeEndObject();
            out.writeEndObject();
            out.writeArrayFieldStart("results");
        });
    }

    @Override
    public void resource(CheckedResource checked) {
        json.write(() -> {
            for (CheckedResource.Row row : checked.rows()) {
                PolicyResult r = row.result();
                String level = level(r);
                if (level == null) {
                    continue;
                }
                for (Violation v : r.violations()) {
                    ObjectNode result = result(r.policy(), ruleIndex.get(r.policy()), level, checked.describe() + ": " + v.message(),
                            checked.file(), checked.line());
                    ObjectNode properties = result.putObject("properties");
                    properties.put("result", r.result());
                    if (r.binding() != null) {
                        properties.put("binding", r.binding());
                    }
                    properties.put("resource", checked.describe());
                    out.writeTree(result);
                }
            }
        });
    }

    @Override
    public void end(Map<String, Integer> summary, List<Problem> problems, List<String> warnings) {
        json.write(() -> {
            out.writeEndArray();
            out.writeArrayFieldStart("invocations");
            out.writeStartObject();
            out.writeBooleanField("executionSuccessful", problems.isEmpty());
            out.writeArrayFieldStart("toolExecutionNotifications");
            for (Problem p : problems) {
                ObjectNode n = JSON.createObjectNode();
                n.put("level", "error");
                n.putObject("message").put("text", p.message());
                if (p.source().file() != null) {
                    n.putArray("locations").add(location(p.source().file(), p.source().line()));
                }
                out.writeTree(n);
            }
            for (String w : warnings) {
                ObjectNode n = JSON.createObjectNode();
                n.put("level", "warning");
                n.putObject("message").put("text", w);
                out.writeTree(n);
            }
            out.writeEndArray();
            out.writeEndObject();
            out.writeEndArray();
            out.writeEndObject();
            out.writeEndArray();
            out.writeEndObject();
            out.writeRaw('\n');
        });
    }

    static ObjectNode rule(PolicyDescriptions.Described p) {
        ObjectNode rule = JSON.createObjectNode();
        rule.put("id", p.name());
        rule.putObject("shortDescription").put("text", p.description() != null ? p.description() : "Policy " + p.name());
        rule.putObject("properties").put("policyFile", p.file() == null ? "" : p.file());
        return rule;
    }

    /** A result of a rule (index null when the rule is not listed) at a file and line. */
    static ObjectNode result(String ruleId, Integer ruleIndex, String level, String message, String file, int line) {
        ObjectNode result = JSON.createObjectNode();
        result.put("ruleId", ruleId);
        if (ruleIndex != null) {
            result.put("ruleIndex", ruleIndex);
        }
        result.put("level", level);
        result.putObject("message").put("text", message);
        result.putArray("locations").add(location(file, line));
        return result;
    }

    /** A whole log of one run: the rules, the results, and an invocation that failed when problems is not empty. */
    static ObjectNode log(List<ObjectNode> rules, List<ObjectNode> results, List<String> problems) {
        ObjectNode log = JSON.createObjectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "celador");
        driver.put("version", "0.1.0");
        driver.putArray("rules").addAll(rules);
        run.putArray("results").addAll(results);
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", problems.isEmpty());
        problems.forEach(p -> invocation.withArray("toolExecutionNotifications").addObject().put("level", "error")
                .putObject("message").put("text", p));
        return log;
    }

    /** error for what the webhook would deny, warning for what it lets through with a word; null for no result. */
    private static String level(PolicyResult r) {
        return switch (r.result()) {
            case "fail" -> "error";
            case "warn" -> "warning";
            case "error" -> r.failurePolicy() == FailurePolicy.FAIL ? "error" : "warning";
            default -> null;
        };
    }

    static ObjectNode location(String file, int line) {
        ObjectNode location = JSON.createObjectNode();
        ObjectNode physical = location.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(file));
        if (line > 0) {
            physical.putObject("region").put("startLine", line);
        }
        return location;
    }

    /** A relative path as a URI reference (forward slashes, anything else escaped), as code scanning resolves it. */
    static String uri(String file) {
        String path = file.replace('\\', '/');
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            return path.replaceAll("[^A-Za-z0-9/._-]", "_");
        }
    }

}
