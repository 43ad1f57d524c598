package dev.celador.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The codec's 400 messages: they locate the problem and never carry request content. */
class AdmissionReviewCodecTest {

    private static final String SECRET = "hunter2";
    private final AdmissionReviewCodec codec = new AdmissionReviewCodec();

    @Test
    void unquotedValueIsLocatedByLineAndColumn_withoutEchoingIt() {
        assertThat(rejection("unquoted-secret-value"))
                .startsWith("malformed JSON at line 3, column 91: Unrecognized token")
                .doesNotContain(SECRET).doesNotContain("very");
    }

    @Test
    void bodyCutOffInsideAStringIsLocatedAtItsEnd_withoutEchoingIt() {
        assertThat(rejection("cut-off"))
                .startsWith("malformed JSON at line 4, column 1: Unexpected end-of-input")
                .doesNotContain(SECRET);
    }

    @Test
    void strayCharacterIsLocated_withoutNamingIt() {
        assertThat(rejection("stray-character"))
                .startsWith("malformed JSON at line 3, column 96: Unexpected character: was expecting")
                .doesNotContain("Q").doesNotContain("code 81");
    }

    @Test
    void controlCharacterInsideAStringIsLocated_withoutEchoingTheString() {
        assertThat(rejection("control-character-in-string"))
                .startsWith("malformed JSON at line 3, column 99: Illegal unquoted character: has to be escaped")
                .doesNotContain(SECRET).doesNotContain("code 9");
    }

    @Test
    void uidOfMoreThan256CharactersIsRefused_withoutRepeatingIt() {
        assertThat(rejection("uid-of-257-characters"))
                .isEqualTo("invalid AdmissionReview: request.uid is 257 characters long, more than the 256 accepted");
    }

    @Test
    void uidOf256CharactersIsAccepted() {
        assertThat(codec.read(fixture("uid-of-256-characters")).uid()).hasSize(256);
    }

    private String rejection(String scenario) {
        byte[] body = fixture(scenario);
        Throwable thrown = catchThrowable(() -> codec.read(body));
        assertThat(thrown).isInstanceOf(BadAdmissionReview.class);
        return thrown.getMessage();
    }

    private static byte[] fixture(String scenario) {
        String path = "/admission-codec/" + scenario + ".json";
        try (InputStream in = AdmissionReviewCodecTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
