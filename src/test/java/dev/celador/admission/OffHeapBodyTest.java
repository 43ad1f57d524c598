package dev.celador.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OffHeapBodyTest {

    @Test
    void aBodyThatArrivesWholeIsReadBackAsSent() throws Exception {
        OffHeapBody body = new OffHeapBody(10);
        assertThat(body.append(Unpooled.copiedBuffer("hello ", StandardCharsets.UTF_8))).isTrue();
        assertThat(body.complete()).isFalse();
        assertThat(body.append(Unpooled.copiedBuffer("body", StandardCharsets.UTF_8))).isTrue();
        assertThat(body.complete()).isTrue();
        RequestBody handed = body.handOver();
        assertThat(handed.length()).isEqualTo(10);
        assertThat(new String(handed.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello body");
        body.release();
        assertThat(body.isReleased()).isTrue();
    }

    @Test
    void moreThanTheDeclaredLengthIsNeverWritten_andTheBodyIsNotComplete() {
        OffHeapBody body = new OffHeapBody(4);
        assertThat(body.append(Unpooled.copiedBuffer("abc", StandardCharsets.UTF_8))).isTrue();
        assertThat(body.append(Unpooled.copiedBuffer("de", StandardCharsets.UTF_8))).isFalse();
        assertThat(body.append(Unpooled.copiedBuffer("d", StandardCharsets.UTF_8))).as("stays refused").isFalse();
        assertThat(body.complete()).isFalse();
        body.release();
    }

    @Test
    void aRequestThatFailsWhileReadingReleasesTheBody_butNotOnceItWasHandedOver() {
        OffHeapBody reading = new OffHeapBody(8);
        reading.abandon();
        assertThat(reading.isReleased()).isTrue();

        OffHeapBody handed = new OffHeapBody(2);
        handed.append(Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
        handed.handOver();
        handed.abandon();
        assertThat(handed.isReleased()).as("the large lane may still be reading it").isFalse();
        handed.release();
        handed.release();
        assertThat(handed.isReleased()).isTrue();
    }
}
