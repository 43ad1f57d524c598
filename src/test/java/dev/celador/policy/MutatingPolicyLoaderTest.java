package dev.celador.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MutatingAdmissionPolicy, its binding and the self-contained MutatingPolicy are read into the model. */
class MutatingPolicyLoaderTest {

    private static PolicySet load() {
        return new PolicyLoader().load(List.of(Path.of("src/test/resources/engine/mutating-documents")));
    }

    @Test
    void readsNativeMutatingPolicyWithBothPatchTypes() {
        MutatingPolicy sidecar = load().mutatingPolicies().stream().filter(p -> p.name().equals("sidecar")).findFirst().orElseThrow();

        assertThat(sidecar.kind()).isEqualTo("MutatingAdmissionPolicy");
        assertThat(sidecar.failurePolicy()).isEqualTo(FailurePolicy.IGNORE);
        assertThat(sidecar.reinvoke()).isTrue();
        assertThat(sidecar.mutations()).extracting(Mutation::patchType)
                .containsExactly(Mutation.PatchType.APPLY_CONFIGURATION, Mutation.PatchType.JSON_PATCH);
        assertThat(sidecar.mutations().get(1).source().fieldPath()).isEqualTo("spec.mutations[1].jsonPatch");
        // The two self-contained policies with problems bind themselves (no binding name), to fail where they match.
        assertThat(load().mutatingBindings()).extracting(MutatingBinding::name).containsExactly("sidecar", null, null);
    }

    @Test
    void reportsUnknownPatchTypeAndMissingMutations_withTheirPlaces() {
        List<Problem> problems = load().problems();

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.policy()).isEqualTo("storage-class-default");
            assertThat(p.source().fieldPath()).isEqualTo("spec.mutations[0].patchType");
            assertThat(p.message()).contains("Unsupported value: \"Merge\"");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.policy()).isEqualTo("no-mutations");
            assertThat(p.source().fieldPath()).isEqualTo("spec.mutations");
        });
        // Their match is clear, so they load, to fail as a whole wherever they match.
        assertThat(load().mutatingPolicies()).extracting(MutatingPolicy::name).containsExactly("sidecar", "storage-class-default", "no-mutations");
    }
}
