package dev.celador.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The answer to one lookup by key: the object or none, unless the view could not tell. unconfirmed
 * is a cache miss that only a read from the API server could confirm, when the caller may not wait
 * for one; error is a read from the API server that failed.
 */
public record Lookup(Optional<JsonNode> object, boolean unconfirmed, String error) {

    public static Lookup of(Optional<JsonNode> object) {
        return new Lookup(object, false, null);
    }

    public static Lookup unconfirmedMiss() {
        return new Lookup(Optional.empty(), true, null);
    }

    public static Lookup failed(String error) {
        return new Lookup(Optional.empty(), false, error);
    }
}
