package dev.celador.engine;

import static dev.celador.engine.PolicyTrees.engine;
import static dev.celador.engine.PolicyTrees.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.policy.ValidationAction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Native ValidatingAdmissionPolicy semantics, one scenario directory per test or pair of tests. */
class EngineTest {

    private static final String VALIDATION_FAILURE = "validation.policy.admission.k8s.io/validation_failure";

    private static AdmissionVerdict createDeployment(Engine engine, String fixture) {
        return createDeploymentIn(engine, "default", fixture);
    }

    private static AdmissionVerdict createDeploymentIn(Engine engine, String namespace, String fixture) {
        ObjectNode object = (ObjectNode) yaml("objects/" + fixture).deepCopy();
        ((ObjectNode) object.path("metadata")).put("namespace", namespace);
        return engine.validate(ReviewRequests.deployments().namespace(namespace).name("web").object(object).build());
    }

    private static PolicyResult onlyResult(AdmissionVerdict verdict) {
        assertEquals(1, verdict.results().size(), () -> "results: " + verdict.results());
        return verdict.results().get(0);
    }

    private static JsonNode parse(String json) throws Exception {
        return ReviewRequests.JSON.readTree(json);
    }

    @Test
    void allowsWithoutResults_whenPolicyHasNoBinding() {
        AdmissionVerdict verdict = createDeployment(engine("unbound-policy"), "deployment-5-replicas.yaml");

        assertTrue(verdict.allowed());
        assertEquals(200, verdict.code());
        assertEquals(List.of(), verdict.results());
        assertEquals(List.of(), verdict.warnings());
        assertEquals(Map.of(), verdict.auditAnnotations());
    }

    @Test
    void deniesAndWarnsAndAudits_whenTwoBindingsOfOnePolicyHaveDifferentActions() throws Exception {
        AdmissionVerdict verdict = createDeployment(engine("two-bindings-deny-and-warn-audit"), "deployment-5-replicas.yaml");

        assertFalse(verdict.allowed());
        assertEquals(422, verdict.code());
        assertEquals("Invalid", verdict.reason());
        assertEquals("ValidatingAdmissionPolicy 'replica-limit' with binding 'replica-limit-deny' denied request: too many replicas",
                verdict.message());
        assertEquals(List.of("Validation failed for ValidatingAdmissionPolicy 'replica-limit' with binding "
                + "'replica-limit-warn-audit': too many replicas"), verdict.warnings());
        JsonNode failures = parse(verdict.auditAnnotations().get(VALIDATION_FAILURE));
        assertEquals(1, failures.size());
        assertEquals("replica-limit", failures.get(0).path("policy").asText());
        assertEquals("replica-limit-warn-audit", failures.get(0).path("binding").asText());
        assertEquals("too many replicas", failures.get(0).path("message").asText());
        assertEquals(0, failures.get(0).path("expressionIndex").asInt());
        assertEquals("[\"Warn\",\"Audit\"]", failures.get(0).path("validationActions").toString());
        assertEquals(2, verdict.results().size());
        assertTrue(verdict.results().stream().allMatch(r -> r.outcome() == Outcome.FAIL));
    }

    @Test
    void allowsWithoutEffects_whenBothBindingsPass() {
        AdmissionVerdict verdict = createDeployment(engine("two-bindings-deny-and-warn-audit"), "deployment-2-replicas.yaml");

        assertTrue(verdict.allowed());
        assertEquals(List.of(), verdict.warnings());
        assertEquals(Map.of(), verdict.auditAnnotations());
        assertTrue(verdict.results().stream().allMatch(r -> r.outcome() == Outcome.PASS));
    }

    @Test
    void skipsPolicy_whenMatchConditionIsFalse() {
        AdmissionVerdict verdict = createDeployment(engine("match-condition-false"), "deployment-5-replicas.yaml");

        assertTrue(verdict.allowed());
        assertEquals(Outcome.SKIP, onlyResult(verdict).outcome());
    }

    @Test
    void deniesRequest_whenMatchConditionIsTrue() {
        ObjectNode object = (ObjectNode) yaml("objects/deployment-5-replicas.yaml").deepCopy();
        ((ObjectNode) object.path("metadata")).putObject("labels").put("enforce", "true");

        AdmissionVerdict verdict = engine("match-condition-false")
                .validate(ReviewRequests.deployments().namespace("default").object(object).build());

        assertFalse(verdict.allowed());
        assertEquals(Outcome.FAIL, onlyResult(verdict).outcome());
    }

    @Test
    void allows_whenValidationErrorsUnderFailurePolicyIgnore() {
        AdmissionVerdict verdict = createDeployment(engine("error-under-ignore"), "deployment-2-replicas.yaml");

        assertTrue(verdict.allowed());
        assertNull(verdict.message());
        PolicyResult result = onlyResult(verdict);
        assertEquals(Outcome.ERROR, result.outcome());
        assertTrue(result.violations().get(0).error());
    }

    @Test
    void denies_whenValidationErrorsUnderFailurePolicyFail() {
        AdmissionVerdict verdict = createDeployment(engine("error-under-fail"), "deployment-2-replicas.yaml");

        assertFalse(verdict.allowed());
        assertEquals(422, verdict.code());
        assertTrue(verdict.message().startsWith("ValidatingAdmissionPolicy 'needs-missing-field' with binding "
                + "'needs-missing-field' denied request: expression 'object.spec.strategy.type == 'Recreate'' resulted in error"),
                verdict.message());
        assertEquals(Outcome.ERROR, onlyResult(verdict).outcome());
    }

    @Test
    void allowsWithWarning_whenBindingIsWarnOnly() {
        AdmissionVerdict verdict = createDeployment(engine("warn-only"), "deployment-5-replicas.yaml");

        assertTrue(verdict.allowed());
        assertEquals(List.of("Validation failed for ValidatingAdmissionPolicy 'replica-limit' with binding "
                + "'replica-limit-warn': too many replicas"), verdict.warnings());
        assertFalse(verdict.auditAnnotations().containsKey(VALIDATION_FAILURE));
    }

    @Test
    void allowsWithValidationFailureAnnotation_whenBindingIsAuditOnly() throws Exception {
        AdmissionVerdict verdict = createDeployment(engine("audit-only"), "deployment-5-replicas.yaml");

        assertTrue(verdict.allowed());
        assertEquals(List.of(), verdict.warnings());
        JsonNode failures = parse(verdict.auditAnnotations().get(VALIDATION_FAILURE));
        assertEquals("replica-limit-audit", failures.get(0).path("binding").asText());
        assertEquals("[\"Audit\"]", failures.get(0).path("validationActions").toString());
    }

    @Test
    void allowsWithWarning_whenSelfContainedPolicyIsWarnOnly() {
        AdmissionVerdict verdict = createDeployment(engine("self-contained-policy"), "deployment-5-replicas.yaml");

        assertTrue(verdict.allowed());
        PolicyResult result = onlyResult(verdict);
        assertNull(result.binding());
        assertEquals("ValidatingPolicy", result.policyKind());
        assertEquals(List.of(ValidationAction.WARN), result.actions());
        assertEquals(List.of("Validation failed for ValidatingPolicy 'replica-limit-self-contained': too many replicas"),
                verdict.warnings());
    }

    @Test
    void usesMessageExpression_andFallsBackToMessageThenToExpression() {
        AdmissionVerdict verdict = createDeployment(engine("message-expression"), "deployment-5-replicas.yaml");

        assertFalse(verdict.allowed());
        String prefix = "ValidatingAdmissionPolicy 'replica-messages' with binding 'replica-messages' denied request: ";
        assertEquals(List.of(
                prefix + "replicas 5 exceed 3",
                prefix + "static fallback message",
                prefix + "failed expression: object.spec.replicas < 1"), List.of(verdict.message().split("\n")));
    }

    @Test
    void deniesWith403_whenReasonIsForbidden() {
        AdmissionVerdict verdict = createDeployment(engine("reason-forbidden"), "deployment-5-replicas.yaml");

        assertFalse(verdict.allowed());
        assertEquals(403, verdict.code());
        assertEquals("Forbidden", verdict.reason());
    }

    @Test
    void deniesByParamsReferencedByName() {
        AdmissionVerdict verdict = createDeployment(engine("params-by-name"), "deployment-5-replicas.yaml");

        assertFalse(verdict.allowed());
        assertEquals("ValidatingAdmissionPolicy 'replica-limit-from-params' with binding 'replica-limit-from-params' "
                + "denied request: at most 3 replicas", verdict.message());
    }

    @Test
    void allowsByParamsReferencedByName_whenWithinLimit() {
        AdmissionVerdict verdict = createDeployment(engine("params-by-name"), "deployment-2-replicas.yaml");

        assertTrue(verdict.allowed());
        assertEquals(Outcome.PASS, onlyResult(verdict).outcome());
    }

    @Test
    void evaluatesOncePerSelectedParam_whenParamRefHasSelector() {
        AdmissionVerdict verdict = engine("params-by-selector").validate(ReviewRequests.pods().namespace("default")
                .objectWithLabels(Map.of("alpha", "x", "beta", "y", "gamma", "z")).build());

        assertFalse(verdict.allowed());
        PolicyResult result = onlyResult(verdict);
        assertEquals(2, result.violations().size());
        String prefix = "ValidatingAdmissionPolicy 'banned-labels' with binding 'banned-labels' denied request: ";
        assertEquals(List.of(prefix + "label alpha is banned", prefix + "label beta is banned"),
                List.of(verdict.message().split("\n")));
    }

    @Test
    void allows_whenNoSelectedParamIsViolated() {
        AdmissionVerdict verdict = engine("params-by-selector").validate(ReviewRequests.pods().namespace("default")
                .objectWithLabels(Map.of("gamma", "z")).build());

        assertTrue(verdict.allowed());
        assertEquals(Outcome.PASS, onlyResult(verdict).outcome());
    }

    @Test
    void skipsBinding_whenParamsNotFoundAndActionIsAllow() {
        Engine engine = engine("params-not-found", yaml("objects/namespace-dev.yaml"));

        AdmissionVerdict verdict = createDeploymentIn(engine, "dev", "deployment-2-replicas.yaml");

        assertTrue(verdict.allowed());
        PolicyResult allow = verdict.results().stream().filter(r -> "missing-params-allow".equals(r.binding())).findFirst().orElseThrow();
        assertEquals(Outcome.SKIP, allow.outcome());
    }

    @Test
    void denies_whenParamsNotFoundAndActionIsDeny_evenIfBindingOnlyAudits() {
        Engine engine = engine("params-not-found", yaml("objects/namespace-prod.yaml"));

        AdmissionVerdict verdict = createDeploymentIn(engine, "prod", "deployment-2-replicas.yaml");

        assertFalse(verdict.allowed());
        assertTrue(verdict.message().startsWith("ValidatingAdmissionPolicy 'deny-all-with-params' with binding "
                + "'missing-params-deny' denied request: "), verdict.message());
        assertTrue(verdict.message().contains("no params found"), verdict.message());
        PolicyResult deny = verdict.results().stream().filter(r -> "missing-params-deny".equals(r.binding())).findFirst().orElseThrow();
        assertEquals(Outcome.ERROR, deny.outcome());
    }

    @Test
    void denies_whenPolicyHasParamKindButBindingHasNoParamRef_evenIfBindingOnlyWarns() {
        Engine engine = engine("params-not-found", yaml("objects/namespace-sandbox.yaml"));

        AdmissionVerdict verdict = createDeploymentIn(engine, "sandbox", "deployment-2-replicas.yaml");

        assertFalse(verdict.allowed());
        assertTrue(verdict.message().contains("'missing-param-ref' denied request"), verdict.message());
        assertTrue(verdict.message().contains("no paramRef"), verdict.message());
    }

    @Test
    void doesNotEvaluateUnusedVariable_soItsErrorHasNoEffect() {
        AdmissionVerdict verdict = createDeployment(engine("lazy-variables"), "deployment-2-replicas.yaml");

        assertTrue(verdict.allowed());
        PolicyResult unused = verdict.results().stream().filter(r -> r.policy().equals("unused-broken-variable")).findFirst().orElseThrow();
        assertEquals(Outcome.PASS, unused.outcome());
        assertEquals(List.of(), unused.violations());
    }

    @Test
    void deniesWithError_whenValidationUsesVariableThatErrors() {
        ObjectNode object = (ObjectNode) yaml("objects/deployment-2-replicas.yaml").deepCopy();
        ((ObjectNode) object.path("metadata")).putObject("labels").put("use-broken", "true");

        AdmissionVerdict verdict = engine("lazy-variables")
                .validate(ReviewRequests.deployments().namespace("default").object(object).build());

        assertFalse(verdict.allowed());
        PolicyResult used = verdict.results().stream().filter(r -> r.policy().equals("used-broken-variable")).findFirst().orElseThrow();
        assertEquals(Outcome.ERROR, used.outcome());
        assertTrue(used.violations().get(0).message().contains("variables.broken"), used.violations().get(0).message());
        PolicyResult unused = verdict.results().stream().filter(r -> r.policy().equals("unused-broken-variable")).findFirst().orElseThrow();
        assertEquals(Outcome.PASS, unused.outcome());
    }

    @Test
    void publishesAuditAnnotationsUnderPolicyName_andLeavesOutNullValues() {
        AdmissionVerdict verdict = createDeployment(engine("audit-annotations"), "deployment-5-replicas.yaml");

        assertTrue(verdict.allowed());
        assertEquals(Map.of("replica-audit/replicas", "replicas=5"), verdict.auditAnnotations());
    }

    @Test
    void reportsEveryFailedValidationOfEveryPolicyInOneMessage_sortedByPolicy() {
        AdmissionVerdict verdict = createDeployment(engine("all-failures-in-one-message"), "deployment-5-replicas.yaml");

        assertFalse(verdict.allowed());
        assertEquals(List.of(
                "ValidatingAdmissionPolicy 'a-labels' with binding 'a-binding' denied request: a first",
                "ValidatingAdmissionPolicy 'a-labels' with binding 'a-binding' denied request: a second",
                "ValidatingAdmissionPolicy 'b-replicas' with binding 'b-binding' denied request: b first",
                "ValidatingAdmissionPolicy 'b-replicas' with binding 'b-binding' denied request: b second"),
                List.of(verdict.message().split("\n")));
        assertEquals("Invalid", verdict.reason());
        assertEquals(422, verdict.code());
    }

    @Test
    void redactsSecretValuesInMessageWarningsAndAuditAnnotations() {
        JsonNode secret = yaml("objects/secret-weak-password.yaml");

        AdmissionVerdict verdict = engine("secret-redaction")
                .validate(ReviewRequests.secrets().namespace("default").name("db").object(secret).build());

        assertFalse(verdict.allowed());
        assertTrue(verdict.message().contains("password <redacted> is too short"), verdict.message());
        assertTrue(verdict.message().contains("token <redacted> is too short"), verdict.message());
        assertEquals(2, verdict.warnings().size());
        assertTrue(verdict.warnings().get(0).contains("<redacted>"), verdict.warnings().get(0));
        String everything = verdict.message() + verdict.warnings() + verdict.auditAnnotations() + verdict.results();
        for (String secretValue : List.of("aHVudGVyMg==", "hunter2", "s3cr3t-token-value")) {
            assertFalse(everything.contains(secretValue), "leaked " + secretValue + " in " + everything);
        }
    }

    @Test
    void denies_whenNamespaceOfNamespaceSelectorIsUnknownUnderFailurePolicyFail_evenIfBindingOnlyWarns() {
        AdmissionVerdict verdict = createDeploymentIn(engine("namespace-not-found"), "ghost", "deployment-2-replicas.yaml");

        assertFalse(verdict.allowed());
        assertEquals(1, verdict.message().split("\n").length, verdict.message());
        assertTrue(verdict.message().startsWith("ValidatingAdmissionPolicy 'prod-only-fail' with binding 'prod-only-fail' denied request: "),
                verdict.message());
        assertTrue(verdict.message().contains("namespace \"ghost\" not found"), verdict.message());
        assertTrue(verdict.results().stream().allMatch(r -> r.outcome() == Outcome.ERROR));
    }

    @Test
    void evaluatesNamespaceSelector_againstNamespaceLabelsFromClusterView() {
        Engine engine = engine("namespace-not-found", yaml("objects/namespace-prod.yaml"), yaml("objects/namespace-dev.yaml"));

        AdmissionVerdict prod = createDeploymentIn(engine, "prod", "deployment-5-replicas.yaml");
        AdmissionVerdict dev = createDeploymentIn(engine, "dev", "deployment-5-replicas.yaml");

        assertTrue(prod.allowed());
        assertEquals(2, prod.warnings().size());
        assertTrue(dev.allowed());
        assertEquals(List.of(), dev.results());
    }

    @Test
    void allowsWithWarning_whenValidationErrorsUnderFailurePolicyFailAndBindingOnlyWarns() {
        AdmissionVerdict verdict = createDeployment(engine("error-under-fail-warn-binding"), "deployment-2-replicas.yaml");

        assertTrue(verdict.allowed());
        assertEquals(1, verdict.warnings().size());
        assertTrue(verdict.warnings().get(0).startsWith("Validation failed for ValidatingAdmissionPolicy 'needs-missing-field' "
                + "with binding 'needs-missing-field': expression 'object.spec.strategy.type == 'Recreate'' resulted in error"),
                verdict.warnings().get(0));
    }

    @Test
    void exposesNamespaceObjectAndRequestToExpressions() {
        Engine engine = engine("request-variables", yaml("objects/namespace-prod.yaml"), yaml("objects/namespace-dev.yaml"));

        AdmissionVerdict prod = createDeploymentIn(engine, "prod", "deployment-1-replica.yaml");
        AdmissionVerdict dev = createDeploymentIn(engine, "dev", "deployment-1-replica.yaml");

        assertFalse(prod.allowed());
        assertEquals("ValidatingAdmissionPolicy 'prod-namespace-replicas' with binding 'prod-namespace-replicas' denied request: "
                + "prod needs 2 replicas, alice asked for 1", prod.message());
        assertTrue(dev.allowed());
    }

    @Test
    void exposesOldObjectAndNullObjectOnDelete() {
        Engine engine = engine("request-variables", yaml("objects/namespace-dev.yaml"));
        ObjectNode large = (ObjectNode) yaml("objects/deployment-5-replicas.yaml").deepCopy();
        ObjectNode small = (ObjectNode) yaml("objects/deployment-2-replicas.yaml").deepCopy();

        AdmissionVerdict deleteLarge = engine.validate(ReviewRequests.deployments().namespace("dev").name("web")
                .operation("DELETE").oldObject(large).build());
        AdmissionVerdict deleteSmall = engine.validate(ReviewRequests.deployments().namespace("dev").name("web")
                .operation("DELETE").oldObject(small).build());

        assertFalse(deleteLarge.allowed());
        assertTrue(deleteLarge.message().endsWith("denied request: cannot delete a large deployment"), deleteLarge.message());
        assertTrue(deleteSmall.allowed(), () -> String.valueOf(deleteSmall.message()));
    }

    @Test
    void pathologicalPolicyIsStoppedByTheCostBudget_deniedUnderFailAndAllowedUnderIgnore() {
        com.fasterxml.jackson.databind.node.ObjectNode pod = ReviewRequests.JSON.createObjectNode();
        pod.put("apiVersion", "v1").put("kind", "Pod").putObject("metadata").put("name", "wide");
        com.fasterxml.jackson.databind.node.ArrayNode containers = pod.putObject("spec").putArray("containers");
        for (int i = 0; i < 3_000; i++) {
            containers.addObject().put("name", "c" + i).put("image", "busybox");
        }

        AdmissionVerdict verdict = engine("pathological-cost")
                .validate(ReviewRequests.pods().namespace("default").name("wide").object(pod).build());

        assertFalse(verdict.allowed());
        assertEquals(1, verdict.message().lines().filter(l -> l.contains("denied request")).count(), verdict.message());
        assertTrue(verdict.message().startsWith("ValidatingPolicy 'pathological-fail' denied request: expression "), verdict.message());
        assertTrue(verdict.message().contains("expression cost limit of 1000000 exceeded"), verdict.message());
        PolicyResult ignored = verdict.results().stream().filter(r -> r.policy().equals("pathological-ignore")).findFirst().orElseThrow();
        assertEquals(Outcome.ERROR, ignored.outcome());
        assertTrue(ignored.violations().get(0).message().contains("cost limit"));
    }
}
