package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.engine.ClusterNeeds;
import dev.celador.view.ResourceNames;

/** The kinds the policies read through lookups, params and namespace selectors (Namespaces): the only objects an audit holds. */
record LookupKinds(ClusterNeeds needs) {

    boolean keeps(JsonNode o) {
        String apiVersion = o.path("apiVersion").asText();
        String kind = o.path("kind").asText();
        if (kind.equals("Namespace") && apiVersion.equals("v1")) {
            return true;
        }
        String resource = ResourceNames.resourceOf(kind);
        return needs.resources().stream().anyMatch(r -> r.apiVersion().equals(apiVersion) && r.resource().equals(resource))
                || needs.paramKinds().stream().anyMatch(p -> p.apiVersion().equals(apiVersion) && p.kind().equals(kind));
    }
}
