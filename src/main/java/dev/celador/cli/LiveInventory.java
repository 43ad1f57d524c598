package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.audit.AuditedKinds;
import dev.celador.cluster.LiveClusterView;
import dev.celador.cluster.LiveClusterView.SecretValues;
import dev.celador.policy.Problem;
import dev.celador.policy.SourceRef;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * `celador audit --cluster`: the cluster of the kubeconfig, read with paged LISTs only (limit and
 * continue; never a watch, never a write). The kinds the policies match for UPDATE are listed and
 * judged page by page, as the background audit does; the kinds lookups read (and Namespaces) are
 * listed first and held, as the webhook's caches hold them. Secrets are listed without values: a
 * looked-up Secret without data, an audited one with each value masked and its keys kept. A read
 * that fails is a problem (exit 2) and the other kinds are still audited.
 */
final class LiveInventory implements AuditInventory {

    private final LiveClusterView cluster;
    private final AuditedKinds audited;
    private final long pageSize;
    private final PrintStream err;

    LiveInventory(LiveClusterView cluster, AuditedKinds audited, long pageSize, PrintStream err) {
        this.cluster = cluster;
        this.audited = audited;
        this.pageSize = pageSize;
        this.err = err;
    }

    @Override
    public void lookups(LookupKinds kinds, Consumer<JsonNode> keep, Consumer<Problem> problems) {
        Map<String, String[]> listed = new LinkedHashMap<>(); // "apiVersion/Kind" -> {apiVersion, Kind}, each listed once
        listed.put("v1/Namespace", new String[] {"v1", "Namespace"});
        kinds.needs().resources().forEach(r -> cluster.kindOf(r.apiVersion(), r.resource())
                .ifPresent(kind -> listed.putIfAbsent(r.apiVersion() + "/" + kind, new String[] {r.apiVersion(), kind})));
        kinds.needs().paramKinds().forEach(p -> listed.putIfAbsent(p.apiVersion() + "/" + p.kind(), new String[] {p.apiVersion(), p.kind()}));
        listed.values().forEach(k -> list(k[0], k[1], SecretValues.DROPPED, keep, problems));
    }

    @Override
    public void objects(Consumer<JsonNode> judge, Consumer<Problem> problems) {
        if (!audited.wildcards().isEmpty()) {
            err.println("celador audit: not audited (rules with a wildcard group, version or resource): "
                    + String.join(", ", audited.wildcards()));
        }
        for (AuditedKinds.Kind k : audited.kinds()) {
            var kind = cluster.kindOf(k.apiVersion(), k.resource());
            if (kind.isEmpty()) {
                err.println("celador audit: " + cluster.server() + " serves no " + k.resource() + " in " + k.apiVersion() + ": not audited");
                continue;
            }
            list(k.apiVersion(), kind.get(), SecretValues.MASKED, judge, problems);
        }
    }

    private void list(String apiVersion, String kind, SecretValues secrets, Consumer<JsonNode> to, Consumer<Problem> problems) {
        try {
            cluster.listPages(apiVersion, kind, pageSize, secrets, page -> page.forEach(to));
        } catch (LiveClusterView.LiveReadFailed e) {
            problems.accept(Problem.of(new SourceRef(cluster.server(), 0, ""), null, e.getMessage()));
        }
    }

    String server() {
        return cluster.server();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
