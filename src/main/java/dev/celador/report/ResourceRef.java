package dev.celador.report;

import com.fasterxml.jackson.databind.JsonNode;

/** The object a result is about, as a report's `resources[]` entry (an ObjectReference) names it. */
public record ResourceRef(String apiVersion, String kind, String namespace, String name, String uid) implements Comparable<ResourceRef> {

    public ResourceRef {
        namespace = namespace == null ? "" : namespace;
        uid = uid == null ? "" : uid;
    }

    public static ResourceRef of(JsonNode object) {
        JsonNode meta = object.path("metadata");
        return new ResourceRef(object.path("apiVersion").asText(""), object.path("kind").asText(""),
                meta.path("namespace").asText(""), meta.path("name").asText(""), meta.path("uid").asText(""));
    }

    /** The same object whatever its uid: what an incremental update replaces the results of. */
    public String key() {
        return apiVersion + "/" + kind + "/" + namespace + "/" + name;
    }

    @Override
    public int compareTo(ResourceRef o) {
        int c = kind.compareTo(o.kind);
        if (c == 0) {
            c = namespace.compareTo(o.namespace);
        }
        if (c == 0) {
            c = name.compareTo(o.name);
        }
        return c != 0 ? c : apiVersion.compareTo(o.apiVersion);
    }
}
