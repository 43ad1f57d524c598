package dev.celador.cluster;

/** A kind the view keeps a cache of, with its resource name and scope. */
public record WatchedKind(String apiVersion, String kind, String resource, boolean namespaced) {

    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String version() {
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    public boolean isSecret() {
        return group().isEmpty() && kind.equals("Secret");
    }
}
