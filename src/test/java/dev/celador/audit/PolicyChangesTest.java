package dev.celador.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cel.CelEnvironment;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which policies a reload changed, and which kinds a pass must then list again. */
class PolicyChangesTest {

    private static PolicySnapshot load(String dir) {
        return new PolicySnapshot(new PolicyCompiler(new CelEnvironment())
                .compile(new PolicyLoader().load(List.of(Path.of("src/test/resources/audit/" + dir)))));
    }

    @Test
    void theSameTreeLoadedTwice_changesNothing() {
        assertThat(PolicyChanges.between(load("policies"), load("policies")).isEmpty()).isTrue();
    }

    @Test
    void aChangedMessageAndARemovedPolicy_areFound_andOnlyTheChangedPolicysKindIsListedAgain() {
        PolicyChanges changes = PolicyChanges.between(load("policies"), load("policies-changed"));

        assertThat(changes.changed()).containsExactly("statefulset-volume-claim-templates");
        assertThat(changes.removed()).containsExactly("service-audit-requester");
        assertThat(changes.judged()).extracting(p -> p.name()).containsExactly("statefulset-volume-claim-templates");
        assertThat(AuditedKinds.of(changes.judged()).kinds()).as("a removed policy's results are dropped, nothing listed for it")
                .containsExactly(new AuditedKinds.Kind("apps/v1", "statefulsets"));
    }

    @Test
    void theFirstLoad_changesEveryPolicy() {
        PolicyChanges changes = PolicyChanges.between(null, load("policies"));

        assertThat(changes.changed()).containsExactlyInAnyOrder("statefulset-volume-claim-templates", "service-audit-requester");
    }

    @Test
    void onlyUpdateRulesAreAudited_andWildcardsAreNamed() {
        AuditedKinds kinds = AuditedKinds.of(load("policies").policies());

        assertThat(kinds.kinds()).containsExactlyInAnyOrder(new AuditedKinds.Kind("apps/v1", "statefulsets"),
                new AuditedKinds.Kind("v1", "services"));
        assertThat(kinds.wildcards()).isEmpty();
    }
}
