package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.policy.Problem;
import java.util.List;
import java.util.function.Consumer;

/** `celador audit --cluster-state`: every object of the dump is judged; lookups see the kinds they read, Secrets without values. */
final class DumpInventory implements AuditInventory {

    private final ClusterDump dump;

    DumpInventory(List<String> paths) {
        this.dump = new ClusterDump(paths);
    }

    @Override
    public void lookups(LookupKinds kinds, Consumer<JsonNode> keep, Consumer<Problem> problems) {
        dump.forEach(o -> {
            if (kinds.keeps(o)) {
                keep.accept(withoutSecretValues(o));
            }
        }, problems);
    }

    /** Problems were reported by the first read. */
    @Override
    public void objects(Consumer<JsonNode> judge, Consumer<Problem> problems) {
        dump.forEach(judge, p -> { });
    }

    /** Lookups see Secrets as the cluster's caches hold them: without their values. */
    private static JsonNode withoutSecretValues(JsonNode o) {
        if (!o.path("kind").asText().equals("Secret") || !o.path("apiVersion").asText().equals("v1")) {
            return o;
        }
        ObjectNode copy = o.deepCopy();
        copy.remove("data");
        copy.remove("stringData");
        return copy;
    }

    @Override
    public void close() {
    }
}
