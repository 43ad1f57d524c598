package dev.celador.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.ClusterExceptions;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.policy.PolicyException;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * GET /status: whether the first load finished, the active policies, the problems of the last load,
 * reloads, and the policy exceptions: the trusted namespaces, those that apply (tree and cluster,
 * expired ones flagged) and those that exist but are ignored, with why; and the background audit's
 * summary (leader, last full pass, results).
 */
@Path("/status")
public class StatusResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PolicyRegistry registry;

    @Inject
    PolicyReloader reloader;

    @Inject
    ClusterExceptions clusterExceptions;

    @Inject
    BackgroundAudit audit;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode status() {
        PolicySnapshot snapshot = registry.isLoaded() ? registry.current() : PolicySnapshot.empty();
        ObjectNode status = JSON.createObjectNode();
        status.put("loaded", registry.isLoaded());
        ArrayNode validating = status.putArray("validatingPolicies");
        snapshot.policies().forEach(p -> validating.add(p.name()));
        ArrayNode mutating = status.putArray("mutatingPolicies");
        snapshot.mutatingPolicies().forEach(p -> mutating.add(p.name()));
        ArrayNode problems = status.putArray("problems");
        snapshot.problems().forEach(p -> problems.add(p.toString()));
        status.set("exceptions", exceptions(snapshot));
        status.put("reloads", reloader.reloads());
        status.put("lastReload", reloader.lastReload() == null ? null : reloader.lastReload().toString());
        status.set("audit", audit.status());
        return status;
    }

    private ObjectNode exceptions(PolicySnapshot snapshot) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode trusted = out.putArray("trustedNamespaces");
        clusterExceptions.namespaces().forEach(trusted::add);
        ArrayNode active = out.putArray("active");
        Instant now = Instant.now();
        List<PolicyException> all = new ArrayList<>(snapshot.exceptions());
        all.addAll(clusterExceptions.current());
        for (PolicyException e : all) {
            ObjectNode entry = active.addObject().put("name", e.id()).put("reason", e.reason());
            ArrayNode policies = entry.putArray("policies");
            e.policies().forEach(t -> policies.add(t.policy()));
            entry.put("expiresAt", e.expiresAt() == null ? null : e.expiresAt().toString());
            entry.put("expired", e.isExpired(now));
        }
        ArrayNode ignored = out.putArray("ignored");
        clusterExceptions.ignored().forEach(i -> ignored.addObject().put("name", i.exception()).put("why", i.why()));
        return out;
    }
}
