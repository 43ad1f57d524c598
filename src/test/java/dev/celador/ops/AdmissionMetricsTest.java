package dev.celador.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.mutate.MutationResult;
import dev.celador.engine.mutate.MutationVerdict;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.FailurePolicy;
import dev.celador.policy.ValidationAction;
import dev.celador.view.StaticClusterView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.StartupEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each verdict adds to which series, without Quarkus. */
class AdmissionMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private PolicyRegistry policies;
    private AdmissionMetrics metrics;

    @BeforeEach
    void setUp() {
        policies = new PolicyRegistry(PolicySnapshot.empty());
        metrics = new AdmissionMetrics(meters, policies, StaticClusterView.empty());
    }

    private static PolicyResult result(String policy, Outcome outcome, List<ValidationAction> actions, Violation... violations) {
        return new PolicyResult(policy, "ValidatingPolicy", null, outcome, actions, FailurePolicy.FAIL, List.of(violations), Map.of());
    }

    private double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void countsDeniedRequestAndEachPolicyResult_withErrorsPerPolicy() {
        AdmissionVerdict verdict = AdmissionVerdict.assemble("u", List.of(
                result("deny-me", Outcome.FAIL, List.of(ValidationAction.DENY), Violation.failed(0, "no", "Invalid")),
                result("fine", Outcome.PASS, List.of(ValidationAction.DENY)),
                result("broken", Outcome.ERROR, List.of(ValidationAction.DENY), Violation.error(0, "no such key"))));

        metrics.validated(verdict, System.nanoTime());

        assertThat(count("celador.admission.requests", "endpoint", "validate", "result", "denied")).isEqualTo(1);
        assertThat(count("celador.policy.results", "policy", "deny-me", "result", "fail")).isEqualTo(1);
        assertThat(count("celador.policy.results", "policy", "fine", "result", "pass")).isEqualTo(1);
        assertThat(count("celador.policy.results", "policy", "broken", "result", "error")).isEqualTo(1);
        assertThat(count("celador.evaluation.errors", "policy", "broken")).isEqualTo(1);
        assertThat(count("celador.evaluation.errors", "policy", "fine")).isZero();
        assertThat(meters.find("celador.admission.duration").tags("endpoint", "validate").timer().count()).isEqualTo(1);
    }

    @Test
    void countsExemptedResultsByPolicyAndException_andTheIgnoredExceptions() {
        PolicyResult lifted = new PolicyResult("secret-externally-sourced", "ValidatingPolicy", null, Outcome.SKIP,
                List.of(ValidationAction.DENY), FailurePolicy.FAIL, List.of(), Map.of(),
                new dev.celador.engine.validate.Exemption("celador/bootstrap", "installer"));
        var view = new StaticClusterView(List.of(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("apiVersion", "celador.dev/v1alpha1").put("kind", "PolicyException")
                .set("metadata", JsonNodeFactory.instance.objectNode().put("name", "mine").put("namespace", "shop"))));
        SimpleMeterRegistry own = new SimpleMeterRegistry(); // the gauge is registered once per registry
        AdmissionMetrics withExceptions = new AdmissionMetrics(own, policies, view,
                new dev.celador.engine.ClusterExceptions(view, List.of("celador")));

        withExceptions.validated(AdmissionVerdict.assemble("u", List.of(lifted, result("fine", Outcome.PASS, List.of(ValidationAction.DENY)))),
                System.nanoTime());

        assertThat(own.find("celador.policy.exceptions.applied").tags("policy", "secret-externally-sourced", "exception", "celador/bootstrap")
                .counter().count()).isEqualTo(1);
        assertThat(own.find("celador.policy.exceptions.applied").counters()).hasSize(1);
        assertThat(own.find("celador.policy.results").tags("policy", "secret-externally-sourced", "result", "skip").counter().count())
                .isEqualTo(1);
        assertThat(own.find("celador.policy.exceptions.ignored").gauge().value()).isEqualTo(1);
    }

    @Test
    void warnOnlyFailureCountsAsWarnedRequestAndWarnResult() {
        AdmissionVerdict verdict = AdmissionVerdict.assemble("u", List.of(
                result("replicas", Outcome.FAIL, List.of(ValidationAction.WARN), Violation.failed(0, "too few", "Invalid"))));

        metrics.validated(verdict, System.nanoTime());

        assertThat(verdict.allowed()).isTrue();
        assertThat(count("celador.admission.requests", "endpoint", "validate", "result", "warned")).isEqualTo(1);
        assertThat(count("celador.policy.results", "policy", "replicas", "result", "warn")).isEqualTo(1);
    }

    @Test
    void countsMutationOutcomesByPolicy() {
        MutationVerdict verdict = new MutationVerdict("u", true, 200, null, null, null, JsonNodeFactory.instance.arrayNode(), List.of(
                new MutationResult("add-labels", "MutatingAdmissionPolicy", null, MutationResult.Outcome.APPLIED, FailurePolicy.FAIL, null),
                new MutationResult("noop", "MutatingAdmissionPolicy", null, MutationResult.Outcome.UNCHANGED, FailurePolicy.FAIL, null),
                new MutationResult("bad", "MutatingAdmissionPolicy", null, MutationResult.Outcome.ERROR, FailurePolicy.IGNORE, "x")));

        metrics.mutated(verdict, System.nanoTime());

        assertThat(count("celador.admission.requests", "endpoint", "mutate", "result", "allowed")).isEqualTo(1);
        assertThat(count("celador.policy.results", "policy", "add-labels", "result", "applied")).isEqualTo(1);
        assertThat(count("celador.policy.results", "policy", "noop", "result", "unchanged")).isEqualTo(1);
        assertThat(count("celador.policy.results", "policy", "bad", "result", "error")).isEqualTo(1);
        assertThat(count("celador.evaluation.errors", "policy", "bad")).isEqualTo(1);
    }

    @Test
    void countsFailedReloads() {
        metrics.reloadFailed();

        assertThat(count("celador.policy.reloads", "outcome", "failed")).isEqualTo(1);
        assertThat(count("celador.policy.reloads", "outcome", "ok")).isZero();
    }

    @Test
    void reloaderCountsEachSwap_andGaugesFollowTheActiveSet(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("replicas.yaml"), PolicyReloadTest.policy("object.spec.replicas <= 5", "at most 5"));
        PolicyReloader reloader = InitialPolicyLoadTest.reloader(dir, policies, metrics, InitialPolicyLoad.forDirectory(dir));
        reloader.awaitPolicies = true;
        reloader.start(new StartupEvent());
        assertThat(meters.get("celador.policies.active").tag("type", "validating").gauge().value()).isEqualTo(1);

        reloader.reloadIfChanged();
        assertThat(count("celador.policy.reloads", "outcome", "ok")).as("nothing changed").isZero();

        Files.writeString(dir.resolve("other.yaml"), PolicyReloadTest.policy("object.spec.replicas <= 5", "at most 5")
                .replace("name: replicas-limit", "name: other-limit"));
        reloader.reloadIfChanged();
        assertThat(count("celador.policy.reloads", "outcome", "ok")).isEqualTo(1);
        assertThat(meters.get("celador.policies.active").tag("type", "validating").gauge().value()).isEqualTo(2);
        assertThat(meters.get("celador.policy.problems").gauge().value()).isZero();

        Files.writeString(dir.resolve("other.yaml"), PolicyReloadTest.policy("object.spec.replicas <=", "broken")
                .replace("name: replicas-limit", "name: other-limit"));
        reloader.reloadIfChanged();
        assertThat(count("celador.policy.reloads", "outcome", "ok")).isEqualTo(2);
        assertThat(meters.get("celador.policy.problems").gauge().value()).as("the problem, and the note that the last good version stays").isEqualTo(2);
        assertThat(meters.get("celador.policies.active").tag("type", "validating").gauge().value()).as("last good kept").isEqualTo(2);
    }

    @Test
    void cacheSyncedGaugeIsOneForAStaticView() {
        assertThat(meters.get("celador.cluster.cache.synced").gauge().value()).isEqualTo(1);
    }
}
