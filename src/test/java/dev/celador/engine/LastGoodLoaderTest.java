package dev.celador.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.policy.PolicyTree;
import dev.celador.policy.Problem;
import dev.celador.view.StaticClusterView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy file that breaks after it loaded keeps its last good version, whatever broke it; what
 * a file defined goes away only when the file is deleted or a clean version no longer holds it.
 */
class LastGoodLoaderTest {

    private static final CelEnvironment CEL = new CelEnvironment();
    private static final Path FIXTURES = PolicyTrees.path("enforcement");

    @TempDir
    Path dir;

    private final LastGoodLoader loader = new LastGoodLoader(new PolicyCompiler(CEL));

    private void put(String file, String fixture) throws IOException {
        Files.copy(FIXTURES.resolve(fixture + ".yaml"), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }

    private CompileResult load() {
        return loader.load(PolicyTree.read(dir));
    }

    private static AdmissionVerdict statefulSet(CompileResult loaded, int replicas) {
        ObjectNode sts = ReviewRequests.JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "StatefulSet");
        sts.putObject("metadata").put("name", "db").put("namespace", "shop");
        sts.putObject("spec").put("replicas", replicas);
        Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(loaded)), StaticClusterView.empty());
        return engine.validate(ReviewRequests.of("apps", "v1", "statefulsets", "StatefulSet").namespace("shop").name("db")
                .object(sts).build());
    }

    private static void assertDeniedByTheGoodVersion(CompileResult loaded) {
        AdmissionVerdict verdict = statefulSet(loaded, 9);
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("at most 5 replicas");
        assertThat(statefulSet(loaded, 3).allowed()).isTrue();
    }

    @Test
    void keepsTheLastGoodVersion_whenTheFileBecomesInvalidYaml() throws IOException {
        put("replicas.yaml", "replicas-limit");
        assertDeniedByTheGoodVersion(load());

        put("replicas.yaml", "replicas-limit-invalid-yaml");
        CompileResult broken = load();

        assertDeniedByTheGoodVersion(broken);
        assertThat(broken.problems()).extracting(Problem::message)
                .anyMatch(m -> m.startsWith("invalid YAML"))
                .contains(LastGoodLoader.KEPT);
    }

    @Test
    void keepsTheLastGoodVersion_whenTheFileIsCaughtHalfWritten() throws IOException {
        put("replicas.yaml", "replicas-limit");
        load();

        put("replicas.yaml", "replicas-limit-half-written");

        assertDeniedByTheGoodVersion(load());
    }

    @Test
    void keepsTheLastGoodVersion_whenAnExpressionNoLongerCompiles() throws IOException {
        put("replicas.yaml", "replicas-limit");
        load();

        put("replicas.yaml", "replicas-limit-type-error");
        CompileResult broken = load();

        assertDeniedByTheGoodVersion(broken);
        assertThat(broken.policies()).singleElement().satisfies(p -> assertThat(p.problems()).isEmpty());
        assertThat(broken.problems()).anyMatch(p -> p.message().startsWith("compile error") && "replicas-limit".equals(p.policy()));
    }

    @Test
    void keepsTheLastGoodParams_whenTheParamsFileBreaks() throws IOException {
        put("policy.yaml", "replicas-params");
        put("params.yaml", "replicas-params-configmap");
        assertDeniedByTheGoodVersion(load());

        put("params.yaml", "replicas-params-configmap-invalid-yaml");

        assertDeniedByTheGoodVersion(load());
    }

    @Test
    void keepsEverything_whenTheConfigMapDataLinkPointsNowhere() throws IOException {
        Path data = Files.createDirectory(dir.resolve("..2026_12_05_10_00_00.1"));
        Files.copy(FIXTURES.resolve("replicas-limit.yaml"), data.resolve("replicas.yaml"));
        Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(dir.resolve("replicas.yaml"), Path.of("..data/replicas.yaml"));
        load();

        // Mid-swap: the old target is gone and ..data does not point at the new one yet.
        Files.delete(data.resolve("replicas.yaml"));
        Files.delete(data);
        CompileResult midSwap = load();

        assertDeniedByTheGoodVersion(midSwap);
        assertThat(midSwap.problems()).extracting(Problem::message).anyMatch(m -> m.contains("..data points nowhere"));
    }

    @Test
    void removesThePolicy_whenItsFileIsDeleted() throws IOException {
        put("replicas.yaml", "replicas-limit");
        load();

        Files.delete(dir.resolve("replicas.yaml"));
        CompileResult after = load();

        assertThat(after.policies()).isEmpty();
        assertThat(after.problems()).isEmpty();
        assertThat(statefulSet(after, 9).allowed()).isTrue();
    }

    @Test
    void removesThePolicy_whenACleanVersionOfItsFileNoLongerHoldsIt() throws IOException {
        put("replicas.yaml", "replicas-limit");
        load();

        put("replicas.yaml", "replicas-params-configmap");

        assertThat(load().policies()).isEmpty();
    }

    @Test
    void loadsAPolicyThatNeverCompiled_soItsFailurePolicyDecides() throws IOException {
        put("replicas.yaml", "replicas-limit-type-error");

        CompileResult first = load();

        assertThat(first.policies()).extracting(CompiledPolicy::name).containsExactly("replicas-limit");
        AdmissionVerdict verdict = statefulSet(first, 3);
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("ValidatingPolicy 'replicas-limit' denied request")
                .contains("object.spec.replicas <= 5 + 'five'").contains("compilation error").contains("no matching overload");
    }

    @Test
    void takesTheFixedVersion_onceTheFileLoadsCleanlyAgain() throws IOException {
        put("replicas.yaml", "replicas-limit");
        load();
        put("replicas.yaml", "replicas-limit-invalid-yaml");
        load();

        Files.writeString(dir.resolve("replicas.yaml"), Files.readString(FIXTURES.resolve("replicas-limit.yaml"))
                .replace("<= 5", "<= 3").replace("at most 5", "at most 3"));
        CompileResult fixed = load();

        assertThat(fixed.problems()).isEmpty();
        assertThat(statefulSet(fixed, 4).message()).contains("at most 3 replicas");
    }
}
