package dev.celador.admission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A request body held in memory, read through a stream over it: where it lies is parsed, never a
 * copy. Quarkus REST has a small body in one array already (it buffers the whole body before the
 * resource runs), where a byte[] parameter would copy it once more; a large one is gathered off
 * the heap ({@link LargeReviewIntake}). The stream is read once.
 */
public record RequestBody(int length, InputStream stream) {

    public static RequestBody of(byte[] bytes) {
        return new RequestBody(bytes == null ? 0 : bytes.length, new ByteArrayInputStream(bytes == null ? new byte[0] : bytes));
    }

    /**
     * The body behind a stream: an in-memory stream as it is (its available bytes are its length);
     * any other stream is read, up to one byte past what the codec accepts, so a longer body is
     * still refused by its size and never read whole.
     */
    public static RequestBody of(InputStream in) {
        if (in == null) {
            return of((byte[]) null);
        }
        if (in instanceof ByteArrayInputStream memory) {
            return new RequestBody(memory.available(), memory);
        }
        try {
            return of(in.readNBytes(AdmissionReviewCodec.MAX_BODY_BYTES + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("the request body could not be read", e);
        }
    }
}
