package dev.celador.engine;

import static dev.celador.engine.PolicyExceptionTest.create;
import static dev.celador.engine.PolicyExceptionTest.exceptionObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.view.StaticClusterView;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PolicyException objects of the cluster count only in the trusted namespaces; the webhook checks
 * writes of them. The object's author cannot grant one: a tenant's own namespace is not trusted.
 */
class ClusterExceptionsTest {

    private static Engine engineSeeing(JsonNode... objects) {
        StaticClusterView view = new StaticClusterView(List.of(objects));
        return new Engine(new PolicyRegistry(new PolicySnapshot(PolicyExceptionTest.compile())), view,
                new ClusterExceptions(view, List.of("celador")));
    }

    @Test
    void appliesAnExceptionFromTheTrustedNamespace() {
        AdmissionVerdict verdict = engineSeeing(exceptionObject("whole-by-namespace-and-name", "celador")).validate(create("shop", "web"));

        assertTrue(verdict.allowed());
        assertEquals("celador/legacy-web: deployment-rules", verdict.auditAnnotations().get(AdmissionVerdict.EXCEPTION_ANNOTATION));
    }

    @Test
    void ignoresAnExceptionInTheTenantsOwnNamespace_andReportsIt() {
        Engine engine = engineSeeing(exceptionObject("whole-by-namespace-and-name", "shop"));

        assertFalse(engine.validate(create("shop", "web")).allowed());
        List<ClusterExceptions.Ignored> ignored = engine.clusterExceptions().ignored();
        assertEquals(1, ignored.size());
        assertEquals("shop/legacy-web", ignored.get(0).exception());
        assertTrue(ignored.get(0).why().contains("not trusted"), ignored.get(0).why());
    }

    @Test
    void reportsAnInvalidExceptionOfTheTrustedNamespace_andAppliesTheValidOnes() {
        Engine engine = engineSeeing(exceptionObject("invalid", "celador"), exceptionObject("name-glob", "celador"));

        assertTrue(engine.validate(create("shop", "web-canary")).allowed());
        assertFalse(engine.validate(create("shop", "web")).allowed());
        List<ClusterExceptions.Ignored> ignored = engine.clusterExceptions().ignored();
        assertEquals(List.of("celador/broken"), ignored.stream().map(ClusterExceptions.Ignored::exception).toList());
        assertTrue(ignored.get(0).why().contains("spec.reason: Required value"), ignored.get(0).why());
    }

    @Test
    void treeAndClusterExceptionsApplyTogether() {
        StaticClusterView view = new StaticClusterView(List.of(exceptionObject("name-glob", "celador")));
        Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(PolicyExceptionTest.compile("whole-by-namespace-and-name"))),
                view, new ClusterExceptions(view, List.of("celador")));

        assertTrue(engine.validate(create("shop", "web")).allowed());
        assertTrue(engine.validate(create("billing", "web-canary")).allowed());
        assertFalse(engine.validate(create("billing", "web")).allowed());
    }

    @Test
    void seesAnExceptionChangedInTheCache_andReusesTheReadingWhileNothingChanged() {
        java.util.concurrent.atomic.AtomicReference<List<JsonNode>> held = new java.util.concurrent.atomic.AtomicReference<>(
                List.of(exceptionObject("name-glob", "celador")));
        StaticClusterView empty = StaticClusterView.empty();
        dev.celador.view.ClusterView view = new dev.celador.view.ClusterView() {
            @Override
            public java.util.Optional<JsonNode> get(dev.celador.view.ObjectKey key) {
                return java.util.Optional.empty();
            }

            @Override
            public List<JsonNode> list(String apiVersion, String kind, String namespace) {
                return held.get();
            }

            @Override
            public java.util.Optional<String> kindOf(String apiVersion, String resource) {
                return empty.kindOf(apiVersion, resource);
            }

            @Override
            public boolean isNamespaced(String apiVersion, String kind) {
                return true;
            }
        };
        ClusterExceptions exceptions = new ClusterExceptions(view, List.of("celador"));

        List<dev.celador.policy.PolicyException> first = exceptions.current();
        assertTrue(first == exceptions.current(), "the same objects give the same list");
        held.set(List.of(exceptionObject("whole-by-namespace-and-name", "celador")));

        assertEquals(List.of("celador/web-star"), first.stream().map(dev.celador.policy.PolicyException::id).toList());
        assertEquals(List.of("celador/legacy-web"), exceptions.current().stream().map(dev.celador.policy.PolicyException::id).toList());
    }

    // The webhook's check of PolicyException writes.

    private static AdmissionVerdict write(String operation, JsonNode exception) {
        String ns = exception.path("metadata").path("namespace").asText();
        var request = ReviewRequests.of("celador.dev", "v1alpha1", "policyexceptions", "PolicyException").operation(operation)
                .namespace(ns).name(exception.path("metadata").path("name").asText());
        if (operation.equals("DELETE")) {
            request.oldObject(exception);
        } else {
            request.object(exception);
        }
        return engineSeeing().validate(request.build());
    }

    @Test
    void allowsAValidExceptionInTheTrustedNamespace() {
        AdmissionVerdict verdict = write("CREATE", exceptionObject("not-yet-expired", "celador"));

        assertTrue(verdict.allowed());
        assertEquals(List.of(), verdict.warnings());
    }

    @Test
    void deniesAnExceptionNamingUnknownPoliciesAndAlreadyExpired_withEveryReason() {
        AdmissionVerdict verdict = write("CREATE", exceptionObject("unknown-policy", "celador"));

        assertFalse(verdict.allowed());
        assertEquals(422, verdict.code());
        assertTrue(verdict.message().startsWith("PolicyException celador/typo denied by Celador: "), verdict.message());
        assertTrue(verdict.message().contains("\"deployment-rulez\": no validating policy of that name is loaded"), verdict.message());
        assertTrue(verdict.message().contains("spec.expiresAt: expired at 2020-01-01T00:00:00Z"), verdict.message());
    }

    @Test
    void deniesAnExceptionWithoutReason() {
        ObjectNode e = (ObjectNode) exceptionObject("not-yet-expired", "celador");
        ((ObjectNode) e.path("spec")).remove("reason");

        AdmissionVerdict verdict = write("UPDATE", e);

        assertFalse(verdict.allowed());
        assertTrue(verdict.message().contains("spec.reason: Required value"), verdict.message());
    }

    @Test
    void warnsThatAnExceptionElsewhereHasNoEffect() {
        AdmissionVerdict verdict = write("CREATE", exceptionObject("not-yet-expired", "shop"));

        assertTrue(verdict.allowed());
        assertEquals(List.of("PolicyException shop/until-2999 has no effect: Celador reads exceptions only from namespace(s) celador"),
                verdict.warnings());
    }

    @Test
    void policiesApplyToPolicyExceptionWritesToo_besideTheCheck() {
        var paths = List.of(PolicyTrees.path("engine/policy-exceptions/policy.yaml"),
                PolicyTrees.path("engine/policy-exceptions/exceptions-must-expire.yaml"));
        var compiled = new dev.celador.engine.compile.PolicyCompiler(new dev.celador.cel.CelEnvironment())
                .compile(new dev.celador.policy.PolicyLoader().load(paths));
        StaticClusterView view = new StaticClusterView(List.of());
        Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(compiled)), view, new ClusterExceptions(view, List.of("celador")));
        JsonNode neverExpires = exceptionObject("whole-by-namespace-and-name", "celador");
        JsonNode typoNeverExpires = exceptionObject("unknown-policy", "celador");
        ((ObjectNode) typoNeverExpires.path("spec")).remove("expiresAt");

        AdmissionVerdict byPolicy = engine.validate(ReviewRequests.of("celador.dev", "v1alpha1", "policyexceptions", "PolicyException")
                .namespace("celador").name("legacy-web").object(neverExpires).build());
        AdmissionVerdict both = engine.validate(ReviewRequests.of("celador.dev", "v1alpha1", "policyexceptions", "PolicyException")
                .namespace("celador").name("typo").object(typoNeverExpires).build());

        assertFalse(byPolicy.allowed());
        assertTrue(byPolicy.message().contains("a PolicyException must set spec.expiresAt"), byPolicy.message());
        assertFalse(both.allowed());
        assertTrue(both.message().startsWith("PolicyException celador/typo denied by Celador: spec.policies[0].name: Not found"), both.message());
        assertTrue(both.message().contains("\nValidatingPolicy 'exceptions-must-expire' denied request: a PolicyException must set"),
                both.message());
    }

    @Test
    void allowsDeletingEvenAnInvalidException() {
        assertTrue(write("DELETE", exceptionObject("invalid", "celador")).allowed());
    }
}
