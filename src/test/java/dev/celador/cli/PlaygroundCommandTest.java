package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `celador playground`'s options: this machine only unless told otherwise, and bad addresses refused before anything listens. */
class PlaygroundCommandTest {

    @Test
    void listensOnLoopbackPort8080ByDefault() {
        PlaygroundCommand command = new PlaygroundCommand(System.out, System.err);
        new CommandLine(command).parseArgs();

        assertThat(command.bind).isEqualTo("127.0.0.1");
        assertThat(command.port).isEqualTo(8080);
    }

    @Test
    void refusesAnAddressNoInterfaceHas_withExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CeladorMain.run(InputStream.nullInputStream(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), "playground", "--bind", "203.0.113.7");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("celador playground: --bind 203.0.113.7: no interface of this machine has that address");
    }

    @Test
    void topLevelHelpListsThePlayground() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CeladorMain.run(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "--help");

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("playground");
    }
}
