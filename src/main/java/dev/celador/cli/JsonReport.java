package dev.celador.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.engine.compile.CompileResult;
import dev.celador.policy.Problem;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * `celador check --output json`, the pinned shape (ARCHITECTURE.md section 6), written row by row
 * as resources are checked. Besides the pinned fields each row names its `source` (file and line
 * of the resource's document), a row a policy exception lifted its `exception`, an error its
 * `failurePolicy`, a skip its `reason`; the rows of a resource that mutating policies changed list
 * them under `mutatedBy` (policy, and the patch's operations and paths). Input problems follow the summary under `problems`, warnings (such as
 * an object given twice) under `warnings`.
 */
final class JsonReport implements CheckReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamedJson json;
    private final JsonGenerator out;

    JsonReport(OutputStream stream) {
        this.json = new StreamedJson(stream);
        this.out = json.generator();
    }

    @Override
    public void begin(CompileResult compiled) {
        json.write(() -> {
            out.writeStartObject();
            out.writeArrayFieldStart("results");
        });
    }

    @Override
    public void resource(CheckedResource checked) {
        json.write(() -> {
            for (CheckedResource.Row row : checked.rows()) {
                out.writeTree(row(checked, row));
            }
        });
    }

    @Override
    public void end(Map<String, Integer> summary, List<Problem> problems, List<String> warnings) {
        json.write(() -> {
            out.writeEndArray();
            out.writeObjectFieldStart("summary");
            for (Map.Entry<String, Integer> e : summary.entrySet()) {
                out.writeNumberField(e.getKey(), e.getValue());
            }
            out.writeEndObject();
            if (!problems.isEmpty()) {
                out.writeArrayFieldStart("problems");
                for (Problem p : problems) {
                    out.writeTree(problem(p));
                }
                out.writeEndArray();
            }
            if (!warnings.isEmpty()) {
                out.writeArrayFieldStart("warnings");
                for (String w : warnings) {
                    out.writeString(w);
                }
                out.writeEndArray();
            }
            out.writeEndObject();
            out.writeRaw('\n');
            out.flush();
        });
    }

    private static ObjectNode row(CheckedResource checked, CheckedResource.Row r) {
        PolicyResult result = r.result();
        ObjectNode row = JSON.createObjectNode();
        row.put("policy", result.policy());
        if (result.binding() == null) {
            row.putNull("binding");
        } else {
            row.put("binding", result.binding());
        }
        ObjectNode resource = row.putObject("resource");
        resource.put("apiVersion", checked.apiVersion());
        resource.put("kind", checked.kind());
        resource.put("namespace", checked.namespace());
        resource.put("name", checked.name());
        String verdict = result.result();
        row.put("result", verdict);
        if (verdict.equals("error")) {
            row.put("failurePolicy", result.failurePolicy().wireName());
        }
        ArrayNode actions = row.putArray("actions");
        result.actions().forEach(a -> actions.add(a.wireName()));
        ArrayNode messages = row.putArray("messages");
        result.violations().stream().map(Violation::message).forEach(messages::add);
        if (result.exemption() != null) {
            row.putObject("exception").put("name", result.exemption().exception()).put("reason", result.exemption().reason());
        } else if (r.skipReason() != null) {
            row.put("reason", r.skipReason());
        }
        row.putObject("source").put("file", checked.file()).put("line", checked.line());
        if (!checked.mutations().isEmpty()) {
            ArrayNode mutated = row.putArray("mutatedBy");
            checked.mutations().forEach(m -> mutated.addObject().put("policy", m.policy()).put("changes", m.summary()));
        }
        return row;
    }

    static ObjectNode problem(Problem p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("file", p.source().file());
        node.put("line", p.source().line());
        node.put("column", p.source().column());
        node.put("document", p.source().docIndex());
        if (p.policy() == null) {
            node.putNull("policy");
        } else {
            node.put("policy", p.policy());
        }
        node.put("field", p.source().fieldPath() == null ? "" : p.source().fieldPath());
        node.put("message", p.message());
        return node;
    }

}
