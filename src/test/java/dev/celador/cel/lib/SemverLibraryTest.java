package dev.celador.cel.lib;

import static dev.celador.cel.lib.CelExpressions.compiles;
import static dev.celador.cel.lib.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemverLibraryTest {

    // --- parsing ---

    @Test
    void readsMajorMinorAndPatch() throws Exception {
        assertThat(eval("semver('1.2.3').major()")).isEqualTo(1L);
        assertThat(eval("semver('1.2.3').minor()")).isEqualTo(2L);
        assertThat(eval("semver('1.2.3').patch()")).isEqualTo(3L);
        assertThat(eval("semver('0.1.0-alpha.1+build.5').minor()")).isEqualTo(1L);
        assertThat(eval("semver('18446744073709551615.0.0').major()")).isEqualTo(-1L);
    }

    @ParameterizedTest(name = "isSemver(''{0}'') is true")
    @ValueSource(strings = {"0.0.0", "1.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
            "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85",
            "1.0.0+21AF26D3----117B344092BD", "1.2.3----RC-SNAPSHOT.12.9.1--.12+788", "18446744073709551615.0.0",
            "1.0.0+001"})
    void acceptsStrictSemanticVersions(String text) throws Exception {
        assertThat(eval("isSemver('" + text + "')")).isEqualTo(true);
    }

    @ParameterizedTest(name = "isSemver(''{0}'') is false")
    @ValueSource(strings = {"", "1", "1.2", "v1.0.0", "01.1.1", "1.01.1", "1.1.01", "1.0.0-01", "1.2.3-", "1.2.3+",
            "1.2.3-alpha..1", "1.2.3+a..b", "1.2.3-al_pha", "1.2.3+a+b", " 1.2.3", "1.2.3 ", "1.2.3.4", "a.b.c", "-1.0.0",
            "+1.0.0", "1.-1.0", "18446744073709551616.0.0", "1.0.0-18446744073709551616", "200K", "Three", "\u0661.0.0"})
    void rejectsInvalidSemanticVersions(String text) throws Exception {
        assertThat(eval("isSemver('" + text + "')")).isEqualTo(false);
        assertThat(eval("isSemver('" + text + "', false)")).isEqualTo(false);
    }

    @Test
    void semverOfInvalidStringFailsWithMessage() {
        assertThatThrownBy(() -> eval("semver('1.0')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("invalid semantic version '1.0'");
        assertThatThrownBy(() -> eval("semver('01.0.0')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("leading zero");
        assertThatThrownBy(() -> eval("semver('1.0.0-alpha..1', true)"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("invalid semantic version '1.0.0-alpha..1'");
    }

    // --- normalization ---

    @ParameterizedTest(name = "semver(''{0}'', true) == semver(''{1}'')")
    @CsvSource({
            "v1.0.0, 1.0.0",
            "1.0, 1.0.0",
            "1, 1.0.0",
            "v2, 2.0.0",
            "01.01.01, 1.1.1",
            "v001.002.003, 1.2.3",
            "00.00.00, 0.0.0",
            "1.2.03-rc.1, 1.2.3-rc.1",
            "1.2.00-rc.1, 1.2.0-rc.1",
            "1.2.3+build, 1.2.3",
    })
    void normalizationAcceptsLenientSpellings(String lenient, String strict) throws Exception {
        assertThat(eval("isSemver('" + lenient + "', true)")).isEqualTo(true);
        assertThat(eval("semver('" + lenient + "', true) == semver('" + strict + "')")).isEqualTo(true);
    }

    @ParameterizedTest(name = "isSemver(''{0}'', true) is false")
    @ValueSource(strings = {"", "v", "vv1.0.0", "V1.0.0", "1.0-rc.1", "1-rc", "1.0+build", "1.2.3-01", " 1.0", "1.0 ",
            "1..2", "x.y.z", "1.2.3.4"})
    void normalizationStillRejectsInvalidVersions(String text) throws Exception {
        assertThat(eval("isSemver('" + text + "', true)")).isEqualTo(false);
    }

    @Test
    void normalizationIsOffWhenTheFlagIsFalse() throws Exception {
        assertThat(eval("isSemver('v1.0', false)")).isEqualTo(false);
        assertThat(eval("isSemver('1.0.0', false)")).isEqualTo(true);
        assertThat(eval("semver('1.2.3', false).patch()")).isEqualTo(3L);
    }

    // --- precedence ---

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
            "1.0.0, 2.0.0",
            "2.0.0, 2.1.0",
            "2.1.0, 2.1.1",
            "1.9.0, 1.10.0",
            "1.0.0-alpha, 1.0.0",
            "1.0.0-alpha, 1.0.0-alpha.1",
            "1.0.0-alpha.1, 1.0.0-alpha.beta",
            "1.0.0-alpha.beta, 1.0.0-beta",
            "1.0.0-beta, 1.0.0-beta.2",
            "1.0.0-beta.2, 1.0.0-beta.11",
            "1.0.0-beta.11, 1.0.0-rc.1",
            "1.0.0-rc.1, 1.0.0",
            "1.0.0-RC.1, 1.0.0-rc.1",
            "1.0.0-999, 1.0.0-a",
            "9223372036854775807.0.0, 9223372036854775808.0.0",
    })
    void ordersBySemverPrecedence(String lower, String higher) throws Exception {
        String a = "semver('" + lower + "')";
        String b = "semver('" + higher + "')";
        assertThat(eval(a + ".compareTo(" + b + ")")).isEqualTo(-1L);
        assertThat(eval(b + ".compareTo(" + a + ")")).isEqualTo(1L);
        assertThat(eval(a + ".isLessThan(" + b + ")")).isEqualTo(true);
        assertThat(eval(b + ".isGreaterThan(" + a + ")")).isEqualTo(true);
        assertThat(eval(a + ".isGreaterThan(" + b + ")")).isEqualTo(false);
        assertThat(eval(a + " == " + b)).isEqualTo(false);
    }

    @Test
    void ignoresBuildMetadataInComparisonAndEquality() throws Exception {
        assertThat(eval("semver('1.0.0+a').compareTo(semver('1.0.0+b'))")).isEqualTo(0L);
        assertThat(eval("semver('1.0.0+a') == semver('1.0.0')")).isEqualTo(true);
        assertThat(eval("semver('1.0.0-rc.1+x').isLessThan(semver('1.0.0-rc.1+y'))")).isEqualTo(false);
        assertThat(eval("semver('1.2.3').compareTo(semver('1.2.3'))")).isEqualTo(0L);
    }

    @Test
    void equalVersionsHaveEqualHashCodes() throws Exception {
        assertThat(Semver.parse("1.0.0-rc.1+a")).isEqualTo(Semver.parse("1.0.0-rc.1+b"))
                .hasSameHashCodeAs(Semver.parse("1.0.0-rc.1"));
        assertThat(Semver.parseNormalized("v1.2")).hasToString("1.2.0");
    }

    @Test
    void checksVersionFromTheAdmittedObject() throws Exception {
        Map<String, Object> object = Map.of("metadata", Map.of("labels", Map.of("app.kubernetes.io/version", "v1.27.3")));
        String expression = "semver(object.metadata.labels['app.kubernetes.io/version'], true)"
                + ".isGreaterThan(semver('1.26.0'))";
        assertThat(eval(expression, object)).isEqualTo(true);
        assertThatThrownBy(() -> eval("semver(object.metadata.labels['app.kubernetes.io/version'])", object))
                .isInstanceOf(CelEvaluationException.class);
    }

    // --- type checking ---

    @Test
    void rejectsWrongArgumentTypesAtCompileTime() {
        assertThat(compiles("semver(1)")).isFalse();
        assertThat(compiles("semver('1.0.0', 'true')")).isFalse();
        assertThat(compiles("isSemver('1.0.0', 1)")).isFalse();
        assertThat(compiles("semver('1.0.0').compareTo('1.0.0')")).isFalse();
        assertThat(compiles("semver('1.0.0').isLessThan(quantity('1'))")).isFalse();
        assertThat(compiles("quantity('1').isLessThan(semver('1.0.0'))")).isFalse();
        assertThat(compiles("'1.0.0'.major()")).isFalse();
        assertThat(compiles("semver('1.0.0') < semver('2.0.0')")).isFalse();
    }

    @Test
    void sharedComparisonNamesResolveForBothLibraries() throws Exception {
        assertThat(eval("semver('1.0.0').isLessThan(semver('2.0.0')) && quantity('1').isLessThan(quantity('2'))"))
                .isEqualTo(true);
        assertThat(eval("[semver('1.0.0').compareTo(semver('0.9.0')), quantity('1').compareTo(quantity('2'))]"))
                .isEqualTo(java.util.List.of(1L, -1L));
    }
}
