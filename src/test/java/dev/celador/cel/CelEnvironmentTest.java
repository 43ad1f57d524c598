package dev.celador.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the environment accepts at load time, and the messages an author sees when it does not. */
class CelEnvironmentTest {

    private static final CelEnvironment CEL = new CelEnvironment();

    @Test
    void compilesExpressionOverEveryAdmissionVariable() throws Exception {
        CompileOutcome outcome = CEL.compile("object != null && oldObject == null && request.operation == 'CREATE'"
                + " && params == null && namespaceObject == null && variables.x == 1", ExpectedType.BOOL);

        assertThat(outcome.error()).isNull();
    }

    @Test
    void rejectsMisspelledFunction_withPosition() {
        CompileOutcome outcome = CEL.compile("object.metadata.name.startWith('db')", ExpectedType.BOOL);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.error()).contains("startWith").contains("<input>:1:");
    }

    @Test
    void rejectsWrongArgumentCount() {
        assertThat(CEL.compile("size(object.a, object.b) > 0", ExpectedType.BOOL).error()).contains("size");
    }

    @Test
    void rejectsWrongArgumentType() {
        assertThat(CEL.compile("'a' + 1 == 'a1'", ExpectedType.BOOL).error()).contains("no matching overload");
    }

    @Test
    void rejectsUndeclaredVariable() {
        assertThat(CEL.compile("objekt.spec.replicas > 1", ExpectedType.BOOL).error()).contains("undeclared reference to 'objekt'");
    }

    @Test
    void rejectsAuthorizer_withMessageSayingItIsNotSupportedYet() {
        CompileOutcome outcome = CEL.compile("authorizer.group('apps').resource('deployments').check('create').allowed()",
                ExpectedType.BOOL);

        assertThat(outcome.error()).startsWith("the `authorizer` variable is not supported by Celador yet");
    }

    @Test
    void rejectsValidationThatIsNotBool() {
        assertThat(CEL.compile("object.spec.ready", ExpectedType.BOOL).ok()).isTrue(); // dyn: checked at runtime
        assertThat(CEL.compile("object.spec.replicas + 1", ExpectedType.BOOL).error()).contains("must evaluate to bool");
        assertThat(CEL.compile("'text'", ExpectedType.BOOL).error()).isEqualTo("must evaluate to bool, but evaluates to string");
        assertThat(CEL.compile("1 == 1", ExpectedType.STRING).error()).isEqualTo("must evaluate to string, but evaluates to bool");
    }

    @Test
    void acceptsNullOrStringForAuditAnnotationValues() {
        assertThat(CEL.compile("null", ExpectedType.STRING_OR_NULL).ok()).isTrue();
        assertThat(CEL.compile("'x'", ExpectedType.STRING_OR_NULL).ok()).isTrue();
        assertThat(CEL.compile("1", ExpectedType.STRING_OR_NULL).ok()).isFalse();
    }

    @Test
    void rejectsOverlongAndOverNestedExpressions() {
        String tooLong = "'" + "a".repeat(CelEnvironment.MAX_EXPRESSION_CODE_POINTS) + "' != ''";
        assertThat(CEL.compile(tooLong, ExpectedType.BOOL).ok()).isFalse();
        String tooDeep = "(".repeat(CelEnvironment.MAX_PARSE_RECURSION_DEPTH + 10) + "true"
                + ")".repeat(CelEnvironment.MAX_PARSE_RECURSION_DEPTH + 10);
        assertThat(CEL.compile(tooDeep, ExpectedType.BOOL).ok()).isFalse();
    }

    @Test
    void supportsOptionalSyntaxAndStandardMacros() throws Exception {
        CompileOutcome outcome = CEL.compile(
                "object.metadata.?labels.?app.orValue('none') == 'db' && object.items.exists(i, i > 2)", ExpectedType.BOOL);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.expression().evaluate(Map.of("object", Map.of(
                "metadata", Map.of("labels", Map.of("app", "db")), "items", java.util.List.of(1L, 3L))))).isEqualTo(true);
    }

    @Test
    void supportsTwoVariableComprehensionsAndSets() throws Exception {
        CompileOutcome outcome = CEL.compile(
                "object.labels.all(k, v, k.startsWith('app') && v != '') && sets.contains(['a', 'b'], ['a'])", ExpectedType.BOOL);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.expression().evaluate(Map.of("object", Map.of("labels", Map.of("app", "db"))))).isEqualTo(true);
    }

    @Test
    void acceptsMixedTypeListLiteralsAsFormatArguments() throws Exception {
        // Kubernetes requires homogeneous literals except as format() arguments; dev.cel's check
        // has no exemption, so Celador accepts mixed literals everywhere (a superset).
        assertThat(CEL.compile("'%s=%d'.format(['a', 1]) == 'a=1'", ExpectedType.BOOL).expression().evaluate(Map.of()))
                .isEqualTo(true);
    }

    @Test
    void offersStringsVersion2WithoutLaterAdditions() throws Exception {
        assertThat(CEL.compile("'a,b'.split(',').join('-') == 'a-b' && strings.quote('x') == '\"x\"'", ExpectedType.BOOL)
                .expression().evaluate(Map.of())).isEqualTo(true);
        assertThat(CEL.compile("'abc'.reverse() == 'cba'", ExpectedType.BOOL).ok()).isFalse();
    }
}
