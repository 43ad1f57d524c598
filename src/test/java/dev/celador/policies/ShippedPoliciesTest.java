package dev.celador.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.ReviewFixtures;
import dev.celador.cel.CelEnvironment;
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
import java.io.IOException;
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
