package dev.celador.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The answer to one list (resource.List): the objects, unless the view could not tell. unconfirmed
 * is a list of a kind whose cache has not finished its first listing, when the caller may not wait
 * for a read from the API server; error is such a read that failed.
 */
public record Listing(List<JsonNode> items, boolean unconfirmed, String error) {

    public static Listing of(List<JsonNode> items) {
        return new Listing(items, false, null);
    }

    public static Listing unconfirmedList() {
        return new Listing(List.of(), true, null);
    }

    public static Listing failed(String error) {
        return new Listing(List.of(), false, error);
    }
}
