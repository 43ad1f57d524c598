package dev.celador.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celador.admission.AdmissionReviewCodec;
import dev.celador.cel.CelEnvironment;
import dev.celador.cli.CeladorMain;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.policy.PolicyLoader;
import dev.celador.view.StaticClusterView;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every command README.md shows, run (or, for the servers and the test suite, checked against what
 * they need), so the page fails a build when it drifts from the software. A command's expected
 * exit code is its trailing `# exit N` comment (0 without one). Commands are the lines of README's
 * indented code blocks that start with `bin/` or `curl`.
 */
class ReadmeCommandsTest {

    private static final Path README = Path.of("README.md");
    private static final Pattern EXIT = Pattern.compile("#\\s*exit (\\d)");

    /** A command as README shows it: its words (comment and redirection left out), the exit code it promises. */
    record Command(String line, List<String> words, int exit) {
    }

    static List<Command> commands() throws Exception {
        List<Command> commands = new ArrayList<>();
        for (String line : Files.readAllLines(README)) {
            if (!line.startsWith("    ")) {
                continue;
            }
            String text = line.strip();
            if (!text.startsWith("bin/") && !text.startsWith("curl ")) {
                continue;
            }
            Matcher exit = EXIT.matcher(text);
            int code = exit.find() ? Integer.parseInt(exit.group(1)) : 0;
            String command = text.contains(" #") ? text.substring(0, text.indexOf(" #")).strip() : text;
            commands.add(new Command(text, words(command), code));
        }
        return commands;
    }

    @Test
    void quickStartIsUnderEightyLines_andShowsTheTwoCommands() throws Exception {
        List<String> lines = Files.readAllLines(README);
        assertThat(lines.size()).isLessThan(80);
        assertThat(commands()).extracting(Command::line)
                .contains("bin/celador serve --policies policies/ --bind 127.0.0.1", "bin/test");
    }

    @TestFactory
    Stream<DynamicTest> everyReadmeCommandRunsAsReadmeSays() throws Exception {
        List<Command> commands = commands();
        assertThat(commands).hasSizeGreaterThan(5);
        return commands.stream().map(c -> DynamicTest.dynamicTest(c.line(), () -> run(c)));
    }

    private static void run(Command c) throws Exception {
        List<String> w = c.words();
        if (w.get(0).equals("bin/test")) {
            assertThat(Path.of("bin/test")).isExecutable();
            assertThat(Files.readString(Path.of(".ci/run"))).contains("bin/test");
        } else if (w.get(0).equals("curl")) {
            curl(w);
        } else if (w.get(0).equals("bin/celador") && List.of("serve", "playground").contains(w.get(1))) {
            assertThat(Path.of("bin/celador")).isExecutable();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // --help after the arguments: picocli parses them all (an unknown one fails) and starts nothing.
            List<String> args = new ArrayList<>(w.subList(1, w.size()));
            args.add("--help");
            int exit = CeladorMain.run(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err), args.toArray(String[]::new));
            assertThat(exit).as(err.toString()).isZero();
            if (w.get(1).equals("serve")) {
                assertThat(Path.of(value(w, "--policies"))).isDirectory();
            }
        } else {
            assertThat(w.get(0)).isEqualTo("bin/celador");
            assertThat(Path.of("bin/celador")).isExecutable();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = CeladorMain.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), w.subList(1, w.size()).toArray(String[]::new));
            assertThat(exit).as(c.line() + "\n" + out + err).isEqualTo(c.exit());
            assertThat(out.size()).as("prints something").isPositive();
        }
    }

    /** The curl of "Try it": the review it posts, answered by the engine on the shipped policies, is denied with 422. */
    private static void curl(List<String> w) throws Exception {
        String url = w.get(w.size() - 1);
        assertThat(url).matches("https://localhost:8443/(validate|mutate)");
        assertThat(value(w, "--cacert")).isEqualTo("certs/out/ca.crt");
        assertThat(Files.readString(Path.of("certs/generate.sh"))).contains("ca.crt");
        Path review = Path.of(value(w, "--data").substring(1));
        var compiled = new PolicyCompiler(new CelEnvironment()).compile(new PolicyLoader().load(List.of(Path.of("policies"))));
        Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(compiled)), StaticClusterView.empty());
        AdmissionVerdict verdict = engine.validate(new AdmissionReviewCodec().read(Files.readAllBytes(review)));
        var answer = new AdmissionReviewCodec().write(verdict);
        assertThat(answer.path("response").path("allowed").asBoolean()).as(answer.toString()).isFalse();
        assertThat(answer.path("response").path("status").path("code").asInt()).isEqualTo(422);
        assertThat(new ObjectMapper().readTree(review.toFile()).path("kind").asText()).isEqualTo("AdmissionReview");
    }

    private static String value(List<String> words, String option) {
        int i = words.indexOf(option);
        assertThat(i).as(option + " in " + words).isNotNegative();
        return words.get(i + 1);
    }

    /** Shell words: spaces split, single quotes group, and a `>` redirection ends the command. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char ch : command.toCharArray()) {
            if (ch == '\'') {
                quoted = !quoted;
                any = true;
            } else if (ch == ' ' && !quoted) {
                if (any) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else if (ch == '>' && !quoted && !any) {
                break;
            } else {
                word.append(ch);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }
}
