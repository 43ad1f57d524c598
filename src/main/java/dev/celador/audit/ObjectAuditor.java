package dev.celador.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.ValidationAction;
import dev.celador.report.ReportEntry;
import dev.celador.report.ResourceRef;
import dev.celador.view.ResourceNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges one existing object with the webhook's engine, as Kyverno's and Gatekeeper's audits do:
 * a synthetic `UPDATE` whose `oldObject` is the object itself, sent by Celador's service account.
 * Every validating policy takes part whatever its binding's validationActions (Deny, Warn and
 * Audit alike; the actions are recorded with each result). Mutating policies do not run: the
 * audit judges the object as it is stored, which is what the cluster runs.
 */
public final class ObjectAuditor {

    private final Engine engine;
    private final AuditIdentity identity;
    private final PolicyLabels labels;

    public ObjectAuditor(Engine engine, AuditIdentity identity, PolicyLabels labels) {
        this.engine = engine;
        this.identity = identity;
        this.labels = labels;
    }

    /** The engine's results for the object (matched policies only), in the engine's order. */
    public List<PolicyResult> results(JsonNode object) {
        AdmissionVerdict verdict = engine.validate(AdmissionRequest.of(request(object)));
        return verdict.results();
    }

    /** The results as report entries found at the given time (epoch seconds). */
    public List<ReportEntry> entries(JsonNode object, List<PolicyResult> results, long now) {
        ResourceRef ref = ResourceRef.of(object);
        List<ReportEntry> entries = new ArrayList<>(results.size());
        for (PolicyResult r : results) {
            PolicyLabels.Label label = labels.of(r.policy());
            entries.add(new ReportEntry(r.policy(), r.binding(), ref, r.result(),
                    r.actions().stream().map(ValidationAction::wireName).toList(),
                    r.violations().stream().map(Violation::message).toList(), label.severity(), label.category(), now));
        }
        return entries;
    }

    private ObjectNode request(JsonNode object) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        String kind = object.path("kind").asText();
        ObjectNode request = f.objectNode();
        request.put("uid", "celador-audit");
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version).put("resource", ResourceNames.resourceOf(kind));
        request.put("name", object.path("metadata").path("name").asText(""));
        request.put("namespace", object.path("metadata").path("namespace").asText(""));
        request.put("operation", "UPDATE");
        ObjectNode userInfo = request.putObject("userInfo").put("username", identity.username());
        identity.groups().forEach(userInfo.putArray("groups")::add);
        request.put("dryRun", false);
        request.set("object", object);
        request.set("oldObject", object);
        request.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", "UpdateOptions");
        return request;
    }
}
