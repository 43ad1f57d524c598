package dev.celador.admission;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body of a declared length, gathered off the heap as it arrives. Whoever holds the
 * body last releases it: the reader, if the request ends before the body is complete; the answer,
 * once the body has been handed over (the large lane may still be parsing it when the client goes
 * away). Release happens once, whichever comes.
 */
final class OffHeapBody {

    private final ByteBuf bytes;
    private final AtomicBoolean released = new AtomicBoolean();
    private boolean overflowed;
    private volatile boolean handedOver;

    OffHeapBody(int length) {
        this.bytes = Unpooled.directBuffer(length, length);
    }

    /** Appends a chunk; false (and the body is marked too long) when it goes past the declared length. */
    boolean append(ByteBuf chunk) {
        if (overflowed || chunk.readableBytes() > bytes.writableBytes()) {
            overflowed = true;
            return false;
        }
        bytes.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
        return true;
    }

    /** The whole declared body arrived, and nothing more. */
    boolean complete() {
        return !overflowed && bytes.writableBytes() == 0;
    }

    /** The body for the handler; from now on the answer releases it. */
    RequestBody handOver() {
        handedOver = true;
        return new RequestBody(bytes.readableBytes(), new ByteBufInputStream(bytes));
    }

    /** The request failed while the body was still being read: released unless it was handed over. */
    void abandon() {
        if (!handedOver) {
            release();
        }
    }

    void release() {
        if (released.compareAndSet(false, true)) {
            bytes.release();
        }
    }

    boolean isReleased() {
        return released.get();
    }
}
