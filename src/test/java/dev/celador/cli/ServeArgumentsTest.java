package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** main's look at serve's arguments, which starts the policy load before picocli has parsed them. */
class ServeArgumentsTest {

    @Test
    void withoutTheOption_theDefaultDirectory() {
        assertThat(CeladorMain.Serve.policiesIn(new String[] {"serve", "--port", "9443"})).isEqualTo(Path.of("policies"));
    }

    @Test
    void theOptionsValue_inEitherSpelling_theLastOneWinning() {
        assertThat(CeladorMain.Serve.policiesIn(new String[] {"serve", "--policies", "deploy/p", "--port", "1"}))
                .isEqualTo(Path.of("deploy/p"));
        assertThat(CeladorMain.Serve.policiesIn(new String[] {"serve", "--policies=a", "--policies=b"})).isEqualTo(Path.of("b"));
    }

    @Test
    void anOptionWithoutAValue_leavesTheDefault() {
        assertThat(CeladorMain.Serve.policiesIn(new String[] {"serve", "--policies"})).isEqualTo(Path.of("policies"));
    }

    @Test
    void aValueThatIsNoPath_namesNoDirectory() {
        assertThat(CeladorMain.Serve.policiesIn(new String[] {"serve", "--policies", "bad\0name"})).isNull();
    }

    @Test
    void bindAcceptsEveryInterface_loopback_andLocalhost() {
        assertThat(CeladorMain.Serve.bindProblem("0.0.0.0")).isNull();
        assertThat(CeladorMain.Serve.bindProblem("127.0.0.1")).isNull();
        assertThat(CeladorMain.Serve.bindProblem("::")).isNull();
        assertThat(CeladorMain.Serve.bindProblem("localhost")).isNull();
    }

    @Test
    void bindRefusesAnAddressOfNoInterface_andAName_thatDoesNotResolve() {
        // 192.0.2.0/24 is reserved for documentation (RFC 5737): no machine has it.
        assertThat(CeladorMain.Serve.bindProblem("192.0.2.7")).isEqualTo("192.0.2.7: no interface of this machine has that address");
        assertThat(CeladorMain.Serve.bindProblem("no-such-host.invalid"))
                .isEqualTo("no-such-host.invalid: not an IP address or a resolvable host name");
    }

    @Test
    void serveWithAnUnusableBindAddress_exits2BeforeStarting() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.nio.file.Path certs = java.nio.file.Files.createTempDirectory("bind");
        java.nio.file.Files.writeString(certs.resolve("tls.crt"), "");
        java.nio.file.Files.writeString(certs.resolve("tls.key"), "");
        java.io.PrintStream systemErr = System.err;
        int code;
        try {
            // serve reports on System.err: it runs before any stream of the command line is set up.
            System.setErr(new java.io.PrintStream(err, true));
            code = CeladorMain.run(java.io.InputStream.nullInputStream(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                    System.err, "serve", "--policies", "policies", "--bind", "192.0.2.7",
                    "--tls-cert", certs.resolve("tls.crt").toString(), "--tls-key", certs.resolve("tls.key").toString());
        } finally {
            System.setErr(systemErr);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("celador serve: --bind 192.0.2.7: no interface of this machine has that address");
        assertThat(System.getProperty("quarkus.http.host")).isNull();
    }
}
