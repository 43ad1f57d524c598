package dev.celador.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.policy.PolicyException;
import dev.celador.policy.PolicyExceptionReader;
import dev.celador.policy.SourceRef;
import dev.celador.view.ClusterView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PolicyException objects of the cluster that count: those in the namespaces Celador trusts
 * (by default its own, so RBAC on that namespace decides who may grant one). Objects come from the
 * view's cache; each is parsed once per version it is seen in. One elsewhere, or one that does not
 * parse, is never applied: {@link #ignored()} lists them for /status and the log.
 */
public final class ClusterExceptions {

    public static final ClusterExceptions NONE = new ClusterExceptions(null, List.of());

    private final ClusterView view;
    private final List<String> namespaces;
    private final PolicyExceptionReader reader = new PolicyExceptionReader();
    /** By namespace/name: the object last parsed (compared by identity; the cache replaces it on change) and its reading. */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(JsonNode node, PolicyExceptionReader.Read read) {
    }

    /** The objects last listed (each as the cache holds it) and the exceptions read from them. */
    private record Current(List<JsonNode> nodes, List<PolicyException> exceptions) {
    }

    private volatile Current current;

    /** An exception that exists but is not applied, and why. */
    public record Ignored(String exception, String why) {
    }

    public ClusterExceptions(ClusterView view, List<String> namespaces) {
        this.view = view;
        this.namespaces = List.copyOf(namespaces);
    }

    public List<String> namespaces() {
        return namespaces;
    }

    public boolean isTrusted(String namespace) {
        return namespaces.contains(namespace);
    }

    /**
     * The valid exceptions of the trusted namespaces, sorted by id (expired ones included: expiry is
     * checked per request). While the cache holds the same objects, the same list is returned, so a
     * request pays for a list of the cache and an identity comparison, not for parsing or sorting.
     */
    public List<PolicyException> current() {
        if (view == null) {
            return List.of();
        }
        List<JsonNode> nodes = new ArrayList<>();
        for (String ns : namespaces) {
            nodes.addAll(view.list(PolicyException.API_VERSION, PolicyException.KIND, ns));
        }
        Current last = current;
        if (last != null && sameObjects(last.nodes(), nodes)) {
            return last.exceptions();
        }
        List<PolicyException> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode node : nodes) {
            PolicyExceptionReader.Read read = read(node);
            seen.add(key(node));
            if (read.exception() != null) {
                out.add(read.exception());
            }
        }
        parsed.keySet().retainAll(seen);
        out.sort(Comparator.comparing(PolicyException::id));
        List<PolicyException> exceptions = List.copyOf(out);
        current = new Current(nodes, exceptions);
        return exceptions;
    }

    private static boolean sameObjects(List<JsonNode> a, List<JsonNode> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Exceptions outside the trusted namespaces, and those inside that do not parse, sorted by id. */
    public List<Ignored> ignored() {
        if (view == null) {
            return List.of();
        }
        List<Ignored> out = new ArrayList<>();
        for (JsonNode node : view.list(PolicyException.API_VERSION, PolicyException.KIND, null)) {
            String ns = node.path("metadata").path("namespace").asText("");
            if (!isTrusted(ns)) {
                out.add(new Ignored(key(node), "namespace " + ns + " is not trusted for exceptions (trusted: "
                        + String.join(", ", namespaces) + ")"));
                continue;
            }
            PolicyExceptionReader.Read read = read(node);
            if (read.exception() == null) {
                out.add(new Ignored(key(node), "invalid: " + String.join("; ",
                        read.problems().stream().map(p -> p.source().fieldPath() + ": " + p.message()).toList())));
            }
        }
        out.sort(Comparator.comparing(Ignored::exception));
        return out;
    }

    private PolicyExceptionReader.Read read(JsonNode node) {
        String key = key(node);
        Parsed p = parsed.get(key);
        if (p != null && p.node() == node) {
            return p.read();
        }
        PolicyExceptionReader.Read read = reader.read(node, new SourceRef("cluster:" + key, 0, ""));
        parsed.put(key, new Parsed(node, read));
        return read;
    }

    private static String key(JsonNode node) {
        return node.path("metadata").path("namespace").asText("") + "/" + node.path("metadata").path("name").asText("");
    }
}
