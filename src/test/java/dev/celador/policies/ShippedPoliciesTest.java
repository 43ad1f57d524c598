package dev.celador.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.ReviewFixtures;
import dev.celador.cel.CelEnvironment;
import dev.celador.cli.CeladorMain;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.policy.DocumentReader;
import dev.celador.policy.PolicyLoader;
import dev.celador.view.StaticClusterView;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped policy loads without problems, and each of its cases/allowed-*.yaml and
 * cases/denied-*.yaml objects gets that verdict when created through the engine.
 */
class ShippedPoliciesTest {

    private static final Path POLICIES = Path.of("policies");

    @Test
    void shippedPolicyTreeLoadsWithoutProblems() {
        CompileResult result = compile(POLICIES);
        assertThat(result.problems()).isEmpty();
        assertThat(result.policies()).isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsTheVerdictItsNameStates() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(POLICIES)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(compile(dir))), StaticClusterView.empty());
                Path cases = dir.resolve("cases");
                if (!Files.isDirectory(cases)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(cases)) {
                    for (Path file : files.sorted().toList()) {
                        String name = file.getFileName().toString();
                        boolean expectAllowed = name.startsWith("allowed-");
                        tests.add(DynamicTest.dynamicTest(dir.getFileName() + "/" + name,
                                () -> assertCase(engine, file, expectAllowed)));
                    }
                }
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    @Test
    void everyShippedPolicyHasATestFile() throws IOException {
        try (Stream<Path> dirs = Files.list(POLICIES)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                assertThat(dir.resolve("tests/policy-test.yaml")).as(dir + " ships its tests").isRegularFile();
            }
        }
    }

    @Test
    void celadorTestPassesEveryCaseOfTheShippedPolicies() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = CeladorMain.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "test", POLICIES.toString());

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(report + err.toString(StandardCharsets.UTF_8)).isZero();
        int cases = 0;
        int testFiles = 0;
        try (Stream<Path> files = Files.walk(POLICIES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("policy-test.yaml")).sorted().toList()) {
                assertThat(report).contains(file.toString() + "\n");
                testFiles++;
                for (JsonNode c : testCases(file)) {
                    assertThat(report).contains("  PASS  " + c.path("name").asText() + "\n");
                    cases++;
                }
            }
        }
        assertThat(report).endsWith(cases + " cases in " + testFiles + " files: " + cases + " passed, 0 failed\n");
    }

    private static JsonNode testCases(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        new DocumentReader().readFile(file, d -> docs.add(d.node()), p -> {
            throw new AssertionError("unreadable test file " + p);
        });
        return docs.get(0).path("cases");
    }

    private static void assertCase(Engine engine, Path file, boolean expectAllowed) {
        List<JsonNode> objects = new ArrayList<>();
        new DocumentReader().readFile(file, d -> objects.add(d.node()), p -> {
            throw new AssertionError("unreadable case " + p);
        });
        assertThat(objects).as(file + " holds one object").hasSize(1);
        AdmissionVerdict verdict = engine.validate(AdmissionRequest.of(ReviewFixtures.createRequest(objects.get(0))));
        assertThat(verdict.allowed()).as(file + ": " + verdict.message()).isEqualTo(expectAllowed);
        if (!expectAllowed) {
            assertThat(verdict.message()).as("a denial names the policy").contains("'" + file.getParent().getParent().getFileName() + "'");
        }
    }

    private static CompileResult compile(Path dir) {
        return new PolicyCompiler(new CelEnvironment()).compile(new PolicyLoader().load(List.of(dir)));
    }
}
