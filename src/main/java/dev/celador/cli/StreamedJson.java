package dev.celador.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * One JSON document written piece by piece as a report streams, each piece flushed at once, so a
 * report of any length holds nothing but the resource at hand. The stream is left open.
 */
final class StreamedJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A piece of the document, written to {@link #generator()}. */
    interface Piece {
        void write() throws IOException;
    }

    private final JsonGenerator out;

    StreamedJson(OutputStream stream) {
        try {
            this.out = JSON.getFactory().createGenerator(stream).useDefaultPrettyPrinter();
            out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonGenerator generator() {
        return out;
    }

    void write(Piece piece) {
        try {
            piece.write();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
