package dev.celador.admission;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads AdmissionReview fixtures from src/test/resources/webhook/reviews by scenario name. */
final class Reviews {

    private Reviews() {
    }

    static byte[] named(String scenario) {
        String path = "/webhook/reviews/" + scenario + ".json";
        try (InputStream in = Reviews.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
