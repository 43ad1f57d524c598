package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * The answer to one mutating admission request: allowed or not, the mutated object and the RFC
 * 6902 patch from the original to it (empty when nothing changed), and what each policy did.
 */
public record MutationVerdict(String uid, boolean allowed, int code, String reason, String message, JsonNode mutated,
        ArrayNode patch, List<MutationResult> results) {

    public MutationVerdict {
        results = List.copyOf(results);
    }

    /** A refusal without evaluation (503 ServiceUnavailable): the object is left as it came, with no patch. */
    public static MutationVerdict unavailable(String uid, JsonNode object, String message) {
        return new MutationVerdict(uid, false, 503, "ServiceUnavailable", message, object,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode(), List.of());
    }
}
