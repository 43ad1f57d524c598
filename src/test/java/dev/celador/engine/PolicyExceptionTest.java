package dev.celador.engine;

import static dev.celador.engine.PolicyTrees.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.PolicySet;
import dev.celador.view.StaticClusterView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy exceptions from the tree, matched beside the binding match: scope, single validations, expiry. */
class PolicyExceptionTest {

    private static final String DIR = "engine/policy-exceptions/";
    private static final CelEnvironment CEL = new CelEnvironment();

    /** The deployment-rules policy plus the named exception files of the scenario. */
    static CompileResult compile(String... exceptions) {
        List<java.nio.file.Path> paths = new ArrayList<>();
        paths.add(path(DIR + "policy.yaml"));
        for (String e : exceptions) {
            paths.add(path(DIR + "exceptions/" + e + ".yaml"));
        }
        PolicySet set = new PolicyLoader().load(paths);
        return new PolicyCompiler(CEL).compile(set);
    }

    static Engine engine(String... exceptions) {
        CompileResult compiled = compile(exceptions);
        assertEquals(List.of(), compiled.problems());
        return new Engine(new PolicyRegistry(new PolicySnapshot(compiled)), StaticClusterView.empty());
    }

    static ObjectNode deployment(String namespace, String name, Map<String, String> labels, int replicas) {
        ObjectNode o = ReviewRequests.JSON.createObjectNode();
        o.put("apiVersion", "apps/v1").put("kind", "Deployment");
        ObjectNode metadata = o.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode l = metadata.putObject("labels");
        labels.forEach(l::put);
        o.putObject("spec").put("replicas", replicas);
        return o;
    }

    /** An unlabelled Deployment with 5 replicas: both validations fail without an exception. */
    static AdmissionRequest create(String namespace, String name) {
        return ReviewRequests.deployments().namespace(namespace).name(name)
                .object(deployment(namespace, name, Map.of(), 5)).build();
    }

    static PolicyResult only(AdmissionVerdict verdict) {
        assertEquals(1, verdict.results().size(), () -> "results: " + verdict.results());
        return verdict.results().get(0);
    }

    @Test
    void deniesBothValidations_whenNoExceptionIsLoaded() {
        AdmissionVerdict verdict = engine().validate(create("shop", "web"));

        assertFalse(verdict.allowed());
        assertEquals(2, only(verdict).violations().size());
        assertNull(only(verdict).exemption());
    }

    @Test
    void skipsPolicyAndNamesExceptionInAuditAnnotation_whenNamespaceAndNameMatch() {
        AdmissionVerdict verdict = engine("whole-by-namespace-and-name").validate(create("shop", "web"));

        assertTrue(verdict.allowed());
        PolicyResult r = only(verdict);
        assertEquals(Outcome.SKIP, r.outcome());
        assertEquals("skip", r.result());
        assertEquals("celador/legacy-web", r.exemption().exception());
        assertEquals("legacy web tier, replaced in Q1", r.exemption().reason());
        assertEquals(List.of(), r.violations());
        assertEquals("celador/legacy-web: deployment-rules", verdict.auditAnnotations().get(AdmissionVerdict.EXCEPTION_ANNOTATION));
    }

    @Test
    void deniesAsBefore_whenNamespaceDiffers() {
        AdmissionVerdict verdict = engine("whole-by-namespace-and-name").validate(create("billing", "web"));

        assertFalse(verdict.allowed());
        assertNull(only(verdict).exemption());
        assertFalse(verdict.auditAnnotations().containsKey(AdmissionVerdict.EXCEPTION_ANNOTATION));
    }

    @Test
    void nameGlobMatchesAnyRunOfCharacters_andNothingElse() {
        Engine engine = engine("name-glob");

        assertTrue(engine.validate(create("shop", "web-canary")).allowed());
        assertTrue(engine.validate(create("shop", "we-canary")).allowed());
        assertTrue(engine.validate(create("billing", "webshop-v2-canary")).allowed());
        assertFalse(engine.validate(create("shop", "web-canary-2")).allowed());
        assertFalse(engine.validate(create("shop", "api-canary")).allowed());
    }

    @Test
    void selectorMatchesLabelsOfTheObjectOnCreate() {
        Engine engine = engine("selector");
        AdmissionRequest batch = ReviewRequests.deployments().namespace("shop").name("etl")
                .object(deployment("shop", "etl", Map.of("tier", "batch"), 5)).build();
        AdmissionRequest web = ReviewRequests.deployments().namespace("shop").name("etl")
                .object(deployment("shop", "etl", Map.of("tier", "web"), 5)).build();

        assertEquals("celador/by-label", only(engine.validate(batch)).exemption().exception());
        assertFalse(engine.validate(web).allowed());
    }

    @Test
    void selectorNeedsTheLabelOnTheStoredObjectToo_onUpdate() {
        Engine engine = engine("selector");
        AdmissionRequest labelledBefore = ReviewRequests.deployments().operation("UPDATE").namespace("shop").name("etl")
                .object(deployment("shop", "etl", Map.of("tier", "batch"), 5))
                .oldObject(deployment("shop", "etl", Map.of("tier", "batch"), 1)).build();
        AdmissionRequest labelAddedNow = ReviewRequests.deployments().operation("UPDATE").namespace("shop").name("etl")
                .object(deployment("shop", "etl", Map.of("tier", "batch"), 5))
                .oldObject(deployment("shop", "etl", Map.of(), 1)).build();

        assertTrue(engine.validate(labelledBefore).allowed());
        assertFalse(engine.validate(labelAddedNow).allowed());
    }

    @Test
    void kindWithGroupMatchesOnlyThatGroup() {
        assertTrue(engine("kinds").validate(create("shop", "web")).allowed());
        assertFalse(engine("kinds-other-group").validate(create("shop", "web")).allowed());
    }

    @Test
    void operationsLimitTheException() {
        Engine engine = engine("operations-update");
        AdmissionRequest update = ReviewRequests.deployments().operation("UPDATE").namespace("shop").name("web")
                .object(deployment("shop", "web", Map.of(), 5)).oldObject(deployment("shop", "web", Map.of(), 5)).build();

        assertFalse(engine.validate(create("shop", "web")).allowed());
        assertTrue(engine.validate(update).allowed());
    }

    @Test
    void liftsOneValidationByName_andTheOtherStillDenies() {
        AdmissionVerdict verdict = engine("validation-by-name").validate(create("shop", "web"));

        assertFalse(verdict.allowed());
        PolicyResult r = only(verdict);
        assertEquals(Outcome.FAIL, r.outcome());
        assertEquals(List.of(0), r.violations().stream().map(v -> v.index()).toList());
        assertEquals("celador/big-web", r.exemption().exception());
        assertTrue(verdict.message().contains("team label"));
        assertFalse(verdict.message().contains("at most 3 replicas"));
    }

    @Test
    void skipsWithTheException_whenTheLiftedValidationWasTheOnlyFailure() {
        AdmissionRequest labelled = ReviewRequests.deployments().namespace("shop").name("web")
                .object(deployment("shop", "web", Map.of("team", "a"), 5)).build();

        AdmissionVerdict verdict = engine("validation-by-name").validate(labelled);

        assertTrue(verdict.allowed());
        assertEquals(Outcome.SKIP, only(verdict).outcome());
        assertEquals("celador/big-web: deployment-rules", verdict.auditAnnotations().get(AdmissionVerdict.EXCEPTION_ANNOTATION));
    }

    @Test
    void carriesNoException_whenTheLiftedValidationPassesAnyway() {
        AdmissionRequest small = ReviewRequests.deployments().namespace("shop").name("web")
                .object(deployment("shop", "web", Map.of("team", "a"), 1)).build();

        AdmissionVerdict verdict = engine("validation-by-name").validate(small);

        assertEquals(Outcome.PASS, only(verdict).outcome());
        assertNull(only(verdict).exemption());
        assertEquals(Map.of(), verdict.auditAnnotations());
    }

    @Test
    void liftsOneValidationByIndex() {
        PolicyResult r = only(engine("validation-by-index").validate(create("shop", "web")));

        assertEquals(Outcome.FAIL, r.outcome());
        assertEquals(List.of(1), r.violations().stream().map(v -> v.index()).toList());
    }

    @Test
    void ignoresAnExpiredException_andAppliesOneThatExpiresLater() {
        assertFalse(engine("expired").validate(create("shop", "web")).allowed());
        assertTrue(engine("not-yet-expired").validate(create("shop", "web")).allowed());
    }

    @Test
    void reportsEveryProblemOfAMalformedException_andLoadsNone() {
        CompileResult compiled = compile("invalid");

        assertEquals(List.of(), compiled.exceptions());
        List<String> problems = compiled.problems().stream().map(p -> p.source().fieldPath() + ": " + p.message()).toList();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("spec.policies[0].validations[0]: Invalid value")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("spec.match.operations: Unsupported value: \"PATCH\"")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("spec.expiresAt: Invalid value: \"next tuesday\"")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.equals("spec.reason: Required value")), problems::toString);
        assertTrue(compiled.problems().stream().allMatch(p -> "PolicyException/broken".equals(p.policy())));
        // The policy itself still loads and denies.
        assertEquals(1, compiled.policies().size());
    }

    @Test
    void namesEveryReasonAnExceptionCanNeverApply() {
        CompileResult compiled = compile("unknown-policy");
        PolicySnapshot snapshot = new PolicySnapshot(compiled);

        List<String> warnings = ExceptionChecks.reasonsItCannotApply(snapshot.exceptions().get(0), snapshot, java.time.Instant.now()).stream()
                .map(p -> p.source().fieldPath() + ": " + p.message()).toList();

        assertEquals(List.of(
                "spec.policies[0].name: Not found: \"deployment-rulez\": no validating policy of that name is loaded",
                "spec.policies[1].validations: Not found: index 7: policy deployment-rules has 2 validation(s)",
                "spec.policies[1].validations: Not found: \"no-such-validation\": no validation of policy deployment-rules has that name",
                "spec.expiresAt: expired at 2020-01-01T00:00:00Z: it no longer applies; extend expiresAt or delete the exception"),
                warnings);
    }

    @Test
    void exceptionIsNamedByIdInTheSnapshot_andItsPolicyStillAppliesToOthers() {
        Engine engine = engine("whole-by-namespace-and-name", "validation-by-name");

        // Both match shop/web; the whole-policy exception wins and is the one named.
        assertEquals("celador/legacy-web", only(engine.validate(create("shop", "web"))).exemption().exception());
        assertFalse(engine.validate(create("shop", "api")).allowed());
    }

    static JsonNode exceptionObject(String file, String namespace) {
        ObjectNode node = (ObjectNode) PolicyTrees.yaml("policy-exceptions/exceptions/" + file + ".yaml").deepCopy();
        ((ObjectNode) node.path("metadata")).put("namespace", namespace);
        return node;
    }

    @Test
    void aReloadPublishesTheNewTreesExceptions_evenWhileKeepingALastGoodPolicy(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tree)
            throws java.io.IOException {
        LastGoodLoader loader = new LastGoodLoader(new PolicyCompiler(CEL));
        java.nio.file.Files.copy(path(DIR + "policy.yaml"), tree.resolve("policy.yaml"));
        loader.load(dev.celador.policy.PolicyTree.read(tree));

        java.nio.file.Files.writeString(tree.resolve("policy.yaml"), "kind: [broken");
        for (String e : List.of("whole-by-namespace-and-name", "name-glob")) {
            java.nio.file.Files.copy(path(DIR + "exceptions/" + e + ".yaml"), tree.resolve(e + ".yaml"));
        }
        PolicySnapshot reloaded = new PolicySnapshot(loader.load(dev.celador.policy.PolicyTree.read(tree)));

        assertEquals(List.of("celador/legacy-web", "celador/web-star"), reloaded.exceptions().stream().map(e -> e.id()).toList());
        assertFalse(reloaded.policies().isEmpty(), "the policy's last good version stays");
    }
}
