package dev.celador.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /status: whether the first load finished, the active policies, the problems of the last load, and reloads. */
@Path("/status")
public class StatusResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PolicyRegistry registry;

    @Inject
    PolicyReloader reloader;

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
        status.put("reloads", reloader.reloads());
        status.put("lastReload", reloader.lastReload() == null ? null : reloader.lastReload().toString());
        return status;
    }
}
