package dev.celador.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cel.CelEnvironment;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API server declares no `variables` in matchConditions; a policy that reads them there does not load. */
class MatchConditionVariablesTest {

    private static final CompileResult COMPILED = new PolicyCompiler(new CelEnvironment())
            .compile(new PolicyLoader().load(List.of(Path.of("src/test/resources/engine/match-conditions-with-variables"))));

    @Test
    void reportsValidatingAndMutatingPolicies_whoseMatchConditionsReadVariables_namingTheField() {
        assertThat(COMPILED.problems()).extracting(Problem::policy, p -> p.source().fieldPath())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("condition-reads-variables", "spec.matchConditions[0].expression"),
                        org.assertj.core.groups.Tuple.tuple("mutating-condition-reads-variables", "spec.matchConditions[1].expression"));
        assertThat(COMPILED.problems()).allSatisfy(p -> assertThat(p.message())
                .startsWith("compile error: matchConditions cannot use `variables`"));
        // Loaded, so that their failurePolicy governs what they match, with the condition failing.
        assertThat(COMPILED.mutatingPolicies()).singleElement().satisfies(p -> assertThat(p.problems()).hasSize(1));
    }

    @Test
    void loadsThePolicyThatSpellsTheConditionOut_andUsesVariablesElsewhere_withoutProblems() {
        assertThat(COMPILED.policies()).extracting(CompiledPolicy::name).containsExactly("condition-reads-variables", "condition-spells-it-out");
        assertThat(COMPILED.policies().get(1).problems()).isEmpty();
        assertThat(COMPILED.policies().get(0).problems()).hasSize(1);
    }
}
