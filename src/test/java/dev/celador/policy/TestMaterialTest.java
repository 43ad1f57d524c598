package dev.celador.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A policy tree walk leaves out tests/ and cases/ directories, as deploy/sync-policies.sh does,
 * so the webhook on policies/ sees what the cluster's ConfigMap holds; named files still load.
 */
class TestMaterialTest {

    private static final Path TREE = Path.of("src/test/resources/engine/tree-with-test-material");

    @Test
    void treeWalkLoadsThePolicyAndItsParams_notTheFixturesBesideThem() {
        PolicySet set = new PolicyLoader().load(List.of(TREE));

        assertThat(set.problems()).isEmpty();
        assertThat(set.policies()).extracting(ValidatingPolicy::name).containsExactly("my-policy");
        assertThat(set.objects()).hasSize(1);
        assertThat(set.objects().get(0).path("data").path("mode").asText()).isEqualTo("real");
    }

    @Test
    void aFileInsideTestsIsStillReadWhenNamedDirectly() {
        PolicySet set = new PolicyLoader().load(List.of(TREE.resolve("my-policy/tests/test-params.yaml")));

        assertThat(set.objects()).extracting(o -> o.path("data").path("mode").asText()).containsExactly("test");
    }

    @Test
    void aTestsDirectoryGivenAsTheRootIsRead() {
        PolicySet set = new PolicyLoader().load(List.of(TREE.resolve("my-policy/tests")));

        assertThat(set.objects()).hasSize(1);
        assertThat(set.problems()).isNotEmpty(); // the broken policy fixture under tests/nested/
    }
}
