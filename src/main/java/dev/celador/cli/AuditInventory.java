package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.policy.Problem;
import java.util.function.Consumer;

/**
 * Where `celador audit` reads the cluster's objects: a dump (`--cluster-state`) or the cluster of
 * the kubeconfig (`--cluster`). Both are read twice, streamed: once for the objects lookups may
 * read, once for the objects to judge, one at a time.
 */
interface AuditInventory extends AutoCloseable {

    /** Sends the objects of the kinds lookups, params and namespace selectors read (Secrets without values) to keep. */
    void lookups(LookupKinds kinds, Consumer<JsonNode> keep, Consumer<Problem> problems);

    /** Sends each object to judge, as it is read. */
    void objects(Consumer<JsonNode> judge, Consumer<Problem> problems);

    @Override
    void close();
}
