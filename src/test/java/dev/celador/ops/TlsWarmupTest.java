package dev.celador.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsWarmupTest {

    @TempDir
    static Path certs;

    @BeforeAll
    static void developmentCertificate() throws Exception {
        ProcessBuilder generate = new ProcessBuilder("certs/generate.sh", "--force").redirectErrorStream(true)
                .redirectOutput(certs.resolve("generate.log").toFile());
        generate.environment().put("OUT_DIR", certs.toString());
        assertThat(generate.start().waitFor()).as(Files.readString(certs.resolve("generate.log"))).isZero();
    }

    @Test
    void handshakesInMemory_withTheServingCertificate() {
        TlsWarmup.Outcome outcome = TlsWarmup.handshake(certs.resolve("tls.crt"), certs.resolve("tls.key"));

        assertThat(outcome.handshaken()).as(outcome.detail()).isTrue();
        assertThat(outcome.detail()).contains("TLSv1.3");
    }

    @Test
    void aKeyThatDoesNotLoad_meansNoWarmUp_andItsContentStaysOutOfTheMessage() throws Exception {
        Path key = certs.resolve("broken.key");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n");

        TlsWarmup.Outcome outcome = TlsWarmup.handshake(certs.resolve("tls.crt"), key);

        assertThat(outcome.handshaken()).isFalse();
        assertThat(outcome.detail()).startsWith("no warm-up").doesNotContain("c2VjcmV0LWtleS1tYXRlcmlhbA");
    }

    @Test
    void aMissingFile_meansNoWarmUp() {
        TlsWarmup.Outcome outcome = TlsWarmup.handshake(certs.resolve("absent.crt"), certs.resolve("tls.key"));

        assertThat(outcome.handshaken()).isFalse();
    }
}
