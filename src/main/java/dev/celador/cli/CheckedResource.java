package dev.celador.cli;

import dev.celador.engine.mutate.MutationResult;
import dev.celador.engine.validate.PolicyResult;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * One resource as `celador check` reports it: who it is (namespace as the request carries it, so
 * "default" for a namespaced object without one, as its messages say), where its document starts,
 * every policy's result with the reason of each skip, and what each mutating policy changed.
 */
record CheckedResource(String apiVersion, String kind, String namespace, String name, String file, int line,
        List<Row> rows, List<Mutated> mutations) {

    /** One policy's result under one binding; skipReason only on a skip. */
    record Row(PolicyResult result, String skipReason) {
    }

    /** A mutating policy that changed the object, with its patch in one line. */
    record Mutated(String policy, String binding, String summary) {
    }

    CheckedResource {
        rows = List.copyOf(rows);
        mutations = List.copyOf(mutations);
    }

    static CheckedResource of(ResourceReader.Placed placed, OfflineAdmission.Checked checked) {
        var object = placed.object();
        List<Row> rows = checked.results().stream().map(r -> new Row(r, checked.skipReason(r))).toList();
        List<Mutated> mutated = checked.mutations().stream().filter(m -> m.outcome() == MutationResult.Outcome.APPLIED)
                .map(m -> new Mutated(m.policy(), m.binding(), summary(m))).toList();
        return new CheckedResource(object.path("apiVersion").asText(), object.path("kind").asText(), OfflineAdmission.namespaceOf(object),
                object.path("metadata").path("name").asText(""), placed.file(), placed.line(), rows, mutated);
    }

    /** "Kind namespace/name" (no namespace for a cluster-scoped kind), as the text report heads a resource. */
    String describe() {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    /** "file:line", where the resource's document starts. */
    String place() {
        return file + ":" + line;
    }

    /** Each operation of the patch as "op path", joined: what changed, never the values (a Secret's among them). */
    private static String summary(MutationResult m) {
        return StreamSupport.stream(m.patch().spliterator(), false)
                .map(op -> op.path("op").asText() + " " + op.path("path").asText())
                .collect(Collectors.joining(", "));
    }
}
