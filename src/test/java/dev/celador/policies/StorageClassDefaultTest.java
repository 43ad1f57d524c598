package dev.celador.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.ReviewFixtures;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.mutate.MutationVerdict;
import dev.celador.policy.PolicyLoader;
import dev.celador.view.StaticClusterView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped storage-class defaults with useClusterDefault: the class the cluster marks default. */
class StorageClassDefaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tree;

    private Engine engineWith(JsonNode... storageClasses) throws Exception {
        Path shipped = Path.of("policies/storage-class-default");
        Files.copy(shipped.resolve("pvc.yaml"), tree.resolve("pvc.yaml"));
        Files.copy(shipped.resolve("statefulset.yaml"), tree.resolve("statefulset.yaml"));
        Files.writeString(tree.resolve("params.yaml"), Files.readString(shipped.resolve("params.yaml"))
                .replace("useClusterDefault: \"false\"", "useClusterDefault: \"true\""));
        CompileResult compiled = new PolicyCompiler(new CelEnvironment()).compile(new PolicyLoader().load(List.of(tree)));
        assertThat(compiled.problems()).isEmpty();
        return new Engine(new PolicyRegistry(new PolicySnapshot(compiled)), new StaticClusterView(List.of(storageClasses)));
    }

    private static JsonNode storageClass(String name, boolean isDefault) {
        ObjectNode sc = JSON.createObjectNode().put("apiVersion", "storage.k8s.io/v1").put("kind", "StorageClass").put("provisioner", "csi.example.com");
        ObjectNode metadata = sc.putObject("metadata").put("name", name);
        if (isDefault) {
            metadata.putObject("annotations").put("storageclass.kubernetes.io/is-default-class", "true");
        }
        return sc;
    }

    private static MutationVerdict createPvc(Engine engine) {
        JsonNode pvc = ReviewFixtures.readYaml(Path.of("src/test/resources/mutate-webhook/pvc-without-class.yaml"));
        return engine.mutate(AdmissionRequest.of(ReviewFixtures.createRequest(pvc)));
    }

    @Test
    void takesTheClusterDefaultStorageClass_whenParamsAskForIt() throws Exception {
        MutationVerdict verdict = createPvc(engineWith(storageClass("slow", false), storageClass("ssd-default", true)));

        assertThat(verdict.mutated().at("/spec/storageClassName").asText()).isEqualTo("ssd-default");
    }

    @Test
    void leavesTheClaimAlone_whenTheClusterMarksNoDefault() throws Exception {
        MutationVerdict verdict = createPvc(engineWith(storageClass("slow", false)));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.patch()).isEmpty();
    }
}
