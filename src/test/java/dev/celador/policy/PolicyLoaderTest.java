package dev.celador.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.PolicyTrees;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.compile.PolicyCompiler;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One tree (engine/load-mixed-tree) holds good policies next to every kind of broken document;
 * each test looks at the problems of one file and checks the good policies still load.
 */
class PolicyLoaderTest {

    private static final String TREE = "load-mixed-tree";

    private static final PolicySet LOADED = PolicyTrees.load(TREE);
    private static final CompileResult COMPILED = new PolicyCompiler(new CelEnvironment()).compile(LOADED);

    private static List<Problem> problemsIn(List<Problem> problems, String file) {
        return problems.stream().filter(p -> p.source().file().endsWith("/" + file)).toList();
    }

    private static Problem onlyProblem(List<Problem> problems, String file) {
        List<Problem> in = problemsIn(problems, file);
        assertEquals(1, in.size(), () -> "problems in " + file + ": " + in);
        return in.get(0);
    }

    private static List<String> policyNames(PolicySet set) {
        return set.policies().stream().map(ValidatingPolicy::name).sorted().toList();
    }

    @Test
    void loadsEveryPolicyOfMultiDocumentFile_nextToBrokenFiles() {
        // self-contained-deny-and-warn has a problem, but its match is clear: it loads to fail where it matches.
        assertEquals(List.of("bad-expression", "good-labels", "good-replicas", "good-trailing-separator", "self-contained-deny-and-warn"),
                policyNames(LOADED));
        assertEquals(List.of(), problemsIn(LOADED.problems(), "a-multi-doc.yaml"));
        ValidatingPolicy labels = LOADED.policies().stream().filter(p -> p.name().equals("good-labels")).findFirst().orElseThrow();
        assertEquals("ValidatingPolicy", labels.kind());
        assertEquals(2, labels.source().docIndex());
    }

    @Test
    void bindsSelfContainedPolicyToItselfWithDenyByDefault() {
        PolicyBinding self = LOADED.bindings().stream().filter(b -> b.policyName().equals("good-labels")).findFirst().orElseThrow();
        assertNull(self.name());
        assertEquals(List.of(ValidationAction.DENY), self.validationActions());
        assertNull(self.paramRef());
    }

    @Test
    void keepsConfigMapsAndOtherKindsAsObjects_notProblems() {
        List<String> objects = LOADED.objects().stream()
                .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).sorted().toList();
        assertEquals(List.of("ConfigMap/a-param", "ConfigMap/before-the-bad-document", "ConfigMap/limits", "Deployment/example"),
                objects);
    }

    @Test
    void ignoresPolicyTestDocumentsOfCeladorGroup() {
        assertTrue(LOADED.objects().stream().map(JsonNode::toString).noneMatch(o -> o.contains("PolicyTest")));
        assertTrue(LOADED.problems().stream().noneMatch(p -> String.valueOf(p.policy()).equals("good-labels-tests")));
    }

    @Test
    void reportsInvalidYaml_withFileAndDocumentIndex_andKeepsDocumentsBeforeIt() {
        Problem problem = onlyProblem(LOADED.problems(), "b-bad-yaml.yaml");

        assertEquals(1, problem.source().docIndex());
        assertTrue(problem.message().startsWith("invalid YAML: "), problem.message());
        assertTrue(LOADED.objects().stream().anyMatch(o -> o.path("metadata").path("name").asText().equals("before-the-bad-document")));
    }

    @Test
    void reportsUnknownKindInAdmissionRegistrationGroup() {
        Problem problem = problemsIn(LOADED.problems(), "c-unknown-kinds.yaml").get(0);

        assertEquals(0, problem.source().docIndex());
        assertEquals("kind", problem.source().fieldPath());
        assertEquals("not-a-native-kind", problem.policy());
        assertTrue(problem.message().contains("unknown kind 'ValidatingWebhookPolicy' in group admissionregistration.k8s.io"),
                problem.message());
    }

    @Test
    void reportsUnknownKindInCeladorGroup() {
        List<Problem> problems = problemsIn(LOADED.problems(), "c-unknown-kinds.yaml");
        assertEquals(2, problems.size(), problems::toString);
        Problem problem = problems.get(1);

        assertEquals(1, problem.source().docIndex());
        assertEquals("kind", problem.source().fieldPath());
        assertEquals("not-a-celador-kind", problem.policy());
        assertTrue(problem.message().contains("unknown kind 'ClusterValidatingPolicy' in group celador.dev"), problem.message());
    }

    @Test
    void reportsEveryMissingField_withItsFieldPath() {
        List<Problem> problems = problemsIn(LOADED.problems(), "d-missing-field.yaml");
        List<String> paths = problems.stream().map(p -> p.source().fieldPath()).toList();

        assertTrue(paths.contains("spec.matchConstraints"), paths::toString);
        assertTrue(paths.contains("spec.validations[0].expression"), paths::toString);
        Problem expression = problems.stream().filter(p -> p.source().fieldPath().equals("spec.validations[0].expression"))
                .findFirst().orElseThrow();
        assertEquals("no-match-constraints", expression.policy());
        assertEquals(0, expression.source().docIndex());
        assertTrue(expression.message().startsWith("Required value"), expression.message());
    }

    @Test
    void reportsExpressionThatDoesNotCompile_withPlacePolicyAndCelMessage() {
        List<Problem> problems = problemsIn(COMPILED.problems(), "e-bad-expression.yaml");
        Problem syntax = problems.stream().filter(p -> p.source().fieldPath().equals("spec.validations[0].expression"))
                .findFirst().orElseThrow(() -> new AssertionError(problems.toString()));

        assertEquals(1, syntax.source().docIndex());
        assertEquals("bad-expression", syntax.policy());
        assertEquals("object.spec.containers.all(c, c.image.startsWith('registry/')", syntax.expression());
        assertTrue(syntax.message().startsWith("compile error: "), syntax.message());
        assertTrue(syntax.message().contains("<input>:1:62: missing ')' at '<EOF>'"), syntax.message());
    }

    @Test
    void reportsEveryBadExpressionOfAPolicy_includingResultTypes() {
        List<String> paths = problemsIn(COMPILED.problems(), "e-bad-expression.yaml").stream()
                .map(p -> p.source().fieldPath()).toList();

        assertEquals(List.of("spec.validations[0].expression", "spec.validations[1].expression",
                "spec.validations[2].messageExpression"), paths);
        Problem notBool = problemsIn(COMPILED.problems(), "e-bad-expression.yaml").get(1);
        assertTrue(notBool.message().contains("must evaluate to bool"), notBool.message());
    }

    @Test
    void loadsPolicyWithBadExpression_markedWithItsProblems_besideTheGoodOnes() {
        List<String> compiled = COMPILED.policies().stream().map(CompiledPolicy::name).toList();

        assertEquals(List.of("bad-expression", "good-labels", "good-replicas", "good-trailing-separator", "self-contained-deny-and-warn"),
                compiled);
        assertEquals(3, COMPILED.policies().get(0).problems().size());
        assertTrue(COMPILED.policies().stream().filter(p -> p.name().startsWith("good-")).allMatch(p -> p.problems().isEmpty()));
        assertEquals(List.of("good-labels", "good-replicas", "self-contained-deny-and-warn"),
                COMPILED.bindings().stream().map(PolicyBinding::policyName).toList());
    }

    @Test
    void reportsBindingToPolicyThatIsNotLoaded() {
        Problem problem = onlyProblem(COMPILED.problems().stream()
                .filter(p -> p.message().contains("binding 'binding-to-broken'")).toList(), "d-missing-field.yaml");

        assertEquals("spec.policyName", problem.source().fieldPath());
        assertEquals(1, problem.source().docIndex());
        assertTrue(problem.message().contains("which is not loaded; the binding has no effect"), problem.message());
    }

    @Test
    void rejectsDenyTogetherWithWarn_inBindingAndSelfContainedPolicy() {
        List<Problem> problems = problemsIn(LOADED.problems(), "f-deny-and-warn.yaml");

        assertEquals(2, problems.size(), problems::toString);
        for (Problem p : problems) {
            assertEquals("spec.validationActions", p.source().fieldPath());
            assertTrue(p.message().contains("Deny and Warn may not be used together"), p.message());
        }
        assertEquals(List.of(0, 1), problems.stream().map(p -> p.source().docIndex()).toList());
        assertTrue(LOADED.bindings().stream().noneMatch(b -> "deny-and-warn".equals(b.name())));
        // The policy itself loads, to fail as a whole wherever it matches (BrokenPolicyEnforcementTest).
        assertTrue(LOADED.policies().stream().anyMatch(p -> p.name().equals("self-contained-deny-and-warn")));
        assertTrue(COMPILED.policies().stream().filter(p -> p.name().equals("self-contained-deny-and-warn"))
                .allMatch(p -> p.loadError() != null && p.loadError().contains("Deny and Warn may not be used together")));
    }

    @Test
    void ignoresEmptyDocumentsAroundSeparators() {
        assertEquals(List.of(), problemsIn(LOADED.problems(), "g-trailing-separator.yaml"));
        ValidatingPolicy policy = LOADED.policies().stream()
                .filter(p -> p.name().equals("good-trailing-separator")).findFirst().orElseThrow();
        assertNotNull(policy.source());
    }
}
