package dev.celador.view;

/** Identifies one object: apiVersion, kind, namespace (null for cluster-scoped) and name. */
public record ObjectKey(String apiVersion, String kind, String namespace, String name) {

    public static ObjectKey of(String apiVersion, String kind, String namespace, String name) {
        return new ObjectKey(apiVersion, kind, namespace == null || namespace.isEmpty() ? null : namespace, name);
    }
}
