package dev.celador.policy;

import com.fasterxml.jackson.databind.JsonNode;

/** One YAML document of a policy tree, with where it came from. */
public record Document(JsonNode node, SourceRef source) {

    public String apiVersion() {
        return node.path("apiVersion").asText("");
    }

    public String kind() {
        return node.path("kind").asText("");
    }

    public String group() {
        String apiVersion = apiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String name() {
        JsonNode name = node.path("metadata").path("name");
        return name.isTextual() && !name.asText().isEmpty() ? name.asText() : null;
    }
}
