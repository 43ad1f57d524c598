package dev.celador.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cel.CelEnvironment;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.Problem;
import dev.celador.view.StaticClusterView;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A policy whose expressions do not compile is enforced as its failurePolicy says, as the API
 * server does: Fail denies every request it matches with the compile error, Ignore lets them
 * through with an audit annotation, and the expressions that compile still run.
 */
class BrokenPolicyEnforcementTest {

    private static final CelEnvironment CEL = new CelEnvironment();

    private static CompileResult compile(String... fixtures) {
        List<java.nio.file.Path> files = java.util.Arrays.stream(fixtures).map(f -> PolicyTrees.path("enforcement/" + f + ".yaml")).toList();
        return new PolicyCompiler(CEL).compile(new PolicyLoader().load(files));
    }

    private static AdmissionVerdict validate(CompileResult compiled, String manifest) {
        com.fasterxml.jackson.databind.JsonNode object;
        try {
            object = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(
                    PolicyTrees.path("enforcement/manifests/" + manifest + ".yaml").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String kind = object.path("kind").asText();
        ReviewRequests review = kind.equals("StatefulSet") ? ReviewRequests.of("apps", "v1", "statefulsets", "StatefulSet")
                : ReviewRequests.deployments();
        Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(compiled)), StaticClusterView.empty());
        return engine.validate(review.namespace("shop").name(object.path("metadata").path("name").asText()).object(object).build());
    }

    @Test
    void deniesEveryRequestItMatches_whenAFailPolicyDoesNotCompile() {
        AdmissionVerdict verdict = validate(compile("replicas-limit-type-error"), "sts-db-3-replicas");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.code()).isEqualTo(422);
        assertThat(verdict.message()).startsWith("ValidatingPolicy 'replicas-limit' denied request: expression "
                + "'object.spec.replicas <= 5 + 'five'' resulted in error: compilation error: 1:27: found no matching overload for"
                + " '_+_' applied to '(int, string)'");
    }

    @Test
    void allowsWithTheCompileErrorInAnAuditAnnotation_whenAnIgnorePolicyDoesNotCompile() {
        AdmissionVerdict verdict = validate(compile("deployment-replicas-type-error-ignore"), "deployment-web-3-replicas");

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.auditAnnotations()).containsKey("deployment-replicas/ignored-error");
        assertThat(verdict.auditAnnotations().get("deployment-replicas/ignored-error")).contains("compilation error");
    }

    @Test
    void stillEnforcesTheValidationsThatCompile_ofABrokenIgnorePolicy() {
        AdmissionVerdict verdict = validate(compile("deployment-replicas-type-error-ignore"), "deployment-web-0-replicas");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("zero replicas").doesNotContain("compilation error");
    }

    @Test
    void leavesRequestsItDoesNotMatchAlone() {
        AdmissionVerdict verdict = validate(compile("replicas-limit-type-error"), "deployment-web-3-replicas");

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.results()).isEmpty();
    }

    @Test
    void aVariableReadUnderAnUndeclaredName_isACompileErrorOnTheExpressionThatReadsIt() {
        CompileResult compiled = compile("probe-variable-typo");

        assertThat(compiled.problems()).singleElement().satisfies(p -> {
            assertThat(p.policy()).isEqualTo("probe-variable-typo");
            assertThat(p.source().fieldPath()).isEqualTo("spec.validations[0].expression");
            assertThat(p.message()).contains("<input>:2:18: undefined field 'unprobd' (declared before this expression: unprobed)");
        });
    }

    @Test
    void aVariableMayReadOnlyTheVariablesDeclaredBeforeIt() {
        CompileResult compiled = compile("variable-reads-a-later-one");

        assertThat(compiled.problems()).extracting(Problem::source).extracting(s -> s.fieldPath())
                .containsExactly("spec.variables[0].expression");
        assertThat(compiled.problems().get(0).message()).contains("undefined field 'second' (no variable is declared before this expression)");
    }

    @Test
    void failsAsAWholeWhereItMatches_whenItsDocumentHasAProblemButItsMatchIsClear() {
        CompileResult compiled = compile("replicas-limit-unknown-reason");

        assertThat(compiled.problems()).singleElement().satisfies(p -> assertThat(p.source().fieldPath())
                .isEqualTo("spec.validations[0].reason"));
        AdmissionVerdict verdict = validate(compiled, "sts-db-3-replicas");
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).startsWith("ValidatingPolicy 'replicas-limit' denied request: policy could not be loaded: "
                + "spec.validations[0].reason: Unsupported value: \"Forbiden\"");
        assertThat(validate(compiled, "deployment-web-3-replicas").allowed()).isTrue();
    }

    @Test
    void doesNotLoad_whenNothingSaysWhichRequestsItIsFor() {
        CompileResult compiled = compile("replicas-limit-without-match-constraints");

        assertThat(compiled.policies()).isEmpty();
        assertThat(compiled.problems()).extracting(p -> p.source().fieldPath()).containsExactly("spec.matchConstraints");
    }
}
