package dev.celador.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    @Test
    void anInMemoryBodyIsReadWhereItLies() throws Exception {
        byte[] review = Reviews.named("sts-create-with-vct");
        ByteArrayInputStream memory = new ByteArrayInputStream(review);
        RequestBody body = RequestBody.of(memory);
        assertThat(body.length()).isEqualTo(review.length);
        assertThat(body.stream()).isSameAs(memory);
        assertThat(new AdmissionReviewCodec().read(body).kind()).isEqualTo(new AdmissionReviewCodec().read(review).kind());
    }

    @Test
    void aStreamedBodyPastTheLimitIsReadOnlyOneBytePastIt_andRefusedBySize() {
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return ' ';
            }
        };
        RequestBody body = RequestBody.of(endless);
        assertThat(body.length()).isEqualTo(AdmissionReviewCodec.MAX_BODY_BYTES + 1);
        assertThat(served[0]).isEqualTo(AdmissionReviewCodec.MAX_BODY_BYTES + 1L);
        assertThatThrownBy(() -> new AdmissionReviewCodec().read(body)).isInstanceOf(BadAdmissionReview.class)
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void noBodyIsAnEmptyBody() {
        assertThat(RequestBody.of((InputStream) null).length()).isZero();
        assertThatThrownBy(() -> new AdmissionReviewCodec().read(RequestBody.of((byte[]) null))).isInstanceOf(BadAdmissionReview.class)
                .hasMessageStartingWith("empty body");
    }
}
