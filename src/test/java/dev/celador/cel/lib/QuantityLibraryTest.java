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

class QuantityLibraryTest {

    // --- parsing and equality ---

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource({
            "1, 1000m",
            "1k, 1000",
            "1Ki, 1024",
            "1Mi, 1048576",
            "1Gi, 1024Mi",
            "1Ei, 1152921504606846976",
            "200M, 0.2G",
            "2M, 2000k",
            "1.5, 1500m",
            "1e3, 1k",
            "1E3, 1k",
            "1.3E+6, 1300k",
            "1E-3, 1m",
            "0.5e-1, 50m",
            "5n, 0.000000005",
            "4u, 0.000004",
            "2P, 2000T",
            "1E, 1000P",
            "12E, 12e18",
            "+5, 5",
            "-0.5, -500m",
            "0, -0",
            "0, 0Ki",
            ".5, 500m",
            "1., 1",
            "1.G, 1G",
            "100.035k, 100035",
            "0.5Mi, 512Ki",
    })
    void parsesEquivalentSpellingsToEqualQuantities(String a, String b) throws Exception {
        assertThat(eval("quantity('" + a + "') == quantity('" + b + "')")).isEqualTo(true);
        assertThat(eval("quantity('" + a + "').compareTo(quantity('" + b + "'))")).isEqualTo(0L);
    }

    @Test
    void comparesUnequalQuantitiesAsNotEqual() throws Exception {
        assertThat(eval("quantity('200M') == quantity('0.3G')")).isEqualTo(false);
        assertThat(eval("quantity('1M') != quantity('1Mi')")).isEqualTo(true);
    }

    @Test
    void roundsValuesFinerThanANanoUpAwayFromZero() throws Exception {
        assertThat(eval("quantity('3.001n') == quantity('4n')")).isEqualTo(true);
        assertThat(eval("quantity('0.0000000001') == quantity('1n')")).isEqualTo(true);
        assertThat(eval("quantity('0.000000000001Ki') == quantity('2n')")).isEqualTo(true);
        assertThat(eval("quantity('-0.0000000001') == quantity('-1n')")).isEqualTo(true);
        assertThat(eval("quantity('1e-2000000000') == quantity('1n')")).isEqualTo(true);
    }

    @Test
    void capsBinaryQuantitiesAtTheInt64Maximum() throws Exception {
        assertThat(eval("quantity('9Ei') == quantity('9223372036854775807')")).isEqualTo(true);
        assertThat(eval("quantity('9223372036854775807Ki').asApproximateFloat()")).isEqualTo(9.223372036854776E18);
        assertThat(eval("quantity('-16Ei') == quantity('-9223372036854775807')")).isEqualTo(true);
    }

    @Test
    void keepsHugeDecimalQuantitiesExact() throws Exception {
        assertThat(eval("quantity('9999999999999999999999999999999999999G').isGreaterThan(quantity('9999999999999999999999999999999999998G'))"))
                .isEqualTo(true);
        assertThat(eval("quantity('1e2000000000').isGreaterThan(quantity('9Ei'))")).isEqualTo(true);
    }

    @ParameterizedTest(name = "isQuantity(''{0}'') is true")
    @ValueSource(strings = {"0", "1", "-1", "+1", "1.5", ".5", "1.", "10m", "1.3G", "1.3Gi", "10000k", "1e3", "1E-3",
            "1e+3", "5n", "4u", "7Ti", "3Pi", "2Ei", "6T", "1P", "1E", "00012", "0.000000000001"})
    void acceptsWellFormedQuantities(String text) throws Exception {
        assertThat(eval("isQuantity('" + text + "')")).isEqualTo(true);
    }

    @ParameterizedTest(name = "isQuantity(''{0}'') is false")
    @ValueSource(strings = {"", " 1", "1 ", "1 Gi", "1,3G", "200K", "20Mo", "10Mm", "Three", "1.1.M", "1+1.0M",
            "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", "1e", "1e+", "1ee3", "1Ki5", "--1", "0x10",
            "1e99999999999999999999", "1_000", "\u0661"})
    void rejectsMalformedQuantities(String text) throws Exception {
        assertThat(eval("isQuantity('" + text + "')")).isEqualTo(false);
    }

    @ParameterizedTest(name = "quantity(''{0}'') is zero")
    @ValueSource(strings = {"+", "-", ".", "-.", "Mi", "k", "e3", "000", "-0.000"})
    void parsesBareSignsPointsAndSuffixesAsZero_asKubernetesDoes(String text) throws Exception {
        // The API server's scanner reads a missing number as 0, so these are valid quantities there too.
        assertThat(eval("quantity('" + text + "') == quantity('0')")).isEqualTo(true);
    }

    @ParameterizedTest(name = "quantity(''{0}'') fails")
    @ValueSource(strings = {"", " 1", "1 ", "200K", "10Mo", "10Mm", "Three", "1.1.M"})
    void failsToParseMalformedQuantities(String text) {
        assertThatThrownBy(() -> eval("quantity('" + text + "')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("invalid quantity");
    }

    @Test
    void parsesQuantityFromTheAdmittedObject() throws Exception {
        Map<String, Object> pod = Map.of("spec", Map.of("containers", java.util.List.of(
                Map.of("resources", Map.of("limits", Map.of("memory", "512Mi", "cpu", "500m"))),
                Map.of("resources", Map.of("limits", Map.of("memory", "2Gi", "cpu", "2"))))));
        assertThat(eval("object.spec.containers.all(c, quantity(c.resources.limits.memory).isLessThan(quantity('4Gi')))", pod))
                .isEqualTo(true);
        assertThat(eval("object.spec.containers.exists(c, quantity(c.resources.limits.cpu).isGreaterThan(quantity('1')))", pod))
                .isEqualTo(true);
    }

    // --- sign, isInteger, asInteger, asApproximateFloat ---

    @Test
    void signIsOneZeroOrMinusOne_asMemberAndAsGlobal() throws Exception {
        assertThat(eval("quantity('5m').sign()")).isEqualTo(1L);
        assertThat(eval("quantity('0Ki').sign()")).isEqualTo(0L);
        assertThat(eval("quantity('-1e3').sign()")).isEqualTo(-1L);
        assertThat(eval("sign(quantity('-2Gi'))")).isEqualTo(-1L);
    }

    @Test
    void asIntegerReturnsWholeValues() throws Exception {
        assertThat(eval("quantity('50k').asInteger()")).isEqualTo(50_000L);
        assertThat(eval("quantity('1Gi').asInteger()")).isEqualTo(1_073_741_824L);
        assertThat(eval("quantity('-3').asInteger()")).isEqualTo(-3L);
        assertThat(eval("quantity('0').asInteger()")).isEqualTo(0L);
        assertThat(eval("quantity('999999999999999999').asInteger()")).isEqualTo(999_999_999_999_999_999L);
        assertThat(eval("quantity('9223372036854775k').asInteger()")).isEqualTo(9_223_372_036_854_775_000L);
        assertThat(eval("quantity('9223372036854775k').add(807).asInteger()"))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(eval("quantity('50000000G').isInteger()")).isEqualTo(true);
    }

    @Test
    void asIntegerFailsForFractionsAndOverflow() {
        for (String text : new String[] {"1.5", "500m", "9999999999999999999999999999999999999G", "9223372036854775808",
                "10E", "9223372036854776k"}) {
            assertThatThrownBy(() -> eval("quantity('" + text + "').asInteger()"))
                    .as(text)
                    .isInstanceOf(CelEvaluationException.class)
                    .hasMessageContaining("cannot convert quantity");
        }
    }

    @Test
    void isIntegerIsFalseExactlyWhenAsIntegerFails() throws Exception {
        assertThat(eval("quantity('1.5').isInteger()")).isEqualTo(false);
        assertThat(eval("quantity('9999999999999999999999999999999999999G').isInteger()")).isEqualTo(false);
        assertThat(eval("quantity('50').isInteger()")).isEqualTo(true);
    }

    @Test
    void isIntegerIsFalseForWholeValuesHeldInMilliOrDecimalForm_asKubernetesDoes() throws Exception {
        // The API server keeps 1000m as 1000 x 10^-3 and 9Ei as a capped decimal; neither converts.
        assertThat(eval("quantity('1000m').isInteger()")).isEqualTo(false);
        assertThat(eval("quantity('0.0').isInteger()")).isEqualTo(false);
        assertThat(eval("quantity('9Ei').isInteger()")).isEqualTo(false);
        assertThat(eval("quantity('9223372036854775807').isInteger()")).isEqualTo(false);
        assertThat(eval("quantity('500m').add(quantity('500m')).isInteger()")).isEqualTo(false);
        assertThat(eval("quantity('1k').add(quantity('1')).isInteger()")).isEqualTo(true);
    }

    @Test
    void asApproximateFloatConvertsToDouble() throws Exception {
        assertThat(eval("quantity('50.703k').asApproximateFloat()")).isEqualTo(50703.0);
        assertThat(eval("quantity('1.5Gi').asApproximateFloat()")).isEqualTo(1610612736.0);
        assertThat(eval("quantity('-250m').asApproximateFloat()")).isEqualTo(-0.25);
        assertThat(eval("quantity('0').asApproximateFloat()")).isEqualTo(0.0);
        assertThat(eval("quantity('50k').sub(20000).asApproximateFloat() == 30000.0")).isEqualTo(true);
    }

    @Test
    void asApproximateFloatIsInfiniteBeyondTheDoubleRange() throws Exception {
        assertThat(eval("quantity('1e400').asApproximateFloat()")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(eval("quantity('-1e400').asApproximateFloat()")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    // --- arithmetic ---

    @Test
    void addsAndSubtractsQuantitiesAndIntegers() throws Exception {
        assertThat(eval("quantity('50k').add(quantity('20')) == quantity('50.02k')")).isEqualTo(true);
        assertThat(eval("quantity('50k').add(20) == quantity('50020')")).isEqualTo(true);
        assertThat(eval("quantity('50k').sub(quantity('20')) == quantity('49.98k')")).isEqualTo(true);
        assertThat(eval("quantity('50k').sub(20000) == quantity('30k')")).isEqualTo(true);
        assertThat(eval("quantity('50k').add(20).sub(quantity('100k')).sub(-50000).asInteger()")).isEqualTo(20L);
        assertThat(eval("quantity('1Gi').add(quantity('512Mi')) == quantity('1.5Gi')")).isEqualTo(true);
        assertThat(eval("quantity('100m').add(quantity('1n')) == quantity('100000001n')")).isEqualTo(true);
        assertThat(eval("quantity('1').sub(quantity('2')).sign()")).isEqualTo(-1L);
    }

    @Test
    void arithmeticBeyondInt64StaysExact() throws Exception {
        assertThat(eval("quantity('9223372036854775807').add(1) == quantity('9223372036854775808')")).isEqualTo(true);
        assertThat(eval("quantity('-9223372036854775807').sub(2) == quantity('-9223372036854775809')")).isEqualTo(true);
        assertThat(eval("quantity('0').sub(-9223372036854775807 - 1) == quantity('9223372036854775808')")).isEqualTo(true);
        assertThat(eval("quantity('9223372036854775807').add(1).isInteger()")).isEqualTo(false);
        assertThat(eval("quantity('1e30').add(quantity('1m')).sub(quantity('1e30')) == quantity('1m')")).isEqualTo(true);
    }

    @Test
    void arithmeticDoesNotChangeItsOperands() throws Exception {
        assertThat(eval("[quantity('1')].map(q, [q.add(1), q]).all(p, p[1] == quantity('1'))")).isEqualTo(true);
    }

    @Test
    void refusesArithmeticWhoseExactResultWouldBeAstronomicallyLong() {
        assertThatThrownBy(() -> eval("quantity('1e2000000000').add(1)"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("digits");
    }

    // --- comparisons ---

    @Test
    void comparesQuantitiesAcrossSuffixes() throws Exception {
        assertThat(eval("quantity('50M').compareTo(quantity('50Mi'))")).isEqualTo(-1L);
        assertThat(eval("quantity('50Mi').compareTo(quantity('50M'))")).isEqualTo(1L);
        assertThat(eval("quantity('150Mi').isGreaterThan(quantity('100Mi'))")).isEqualTo(true);
        assertThat(eval("quantity('50Mi').isGreaterThan(quantity('100Mi'))")).isEqualTo(false);
        assertThat(eval("quantity('50M').isLessThan(quantity('100M'))")).isEqualTo(true);
        assertThat(eval("quantity('100M').isLessThan(quantity('100M'))")).isEqualTo(false);
        assertThat(eval("quantity('-1').isLessThan(quantity('-999m'))")).isEqualTo(true);
        assertThat(eval("quantity('10000T').isGreaterThan(quantity('100Gi'))")).isEqualTo(true);
    }

    @Test
    void equalQuantitiesAreInterchangeableInSetsAndMaps() throws Exception {
        assertThat(eval("quantity('1') in [quantity('1000m')]")).isEqualTo(true);
        assertThat(eval("[quantity('1k'), quantity('1000')].exists_one(q, q == quantity('1e3'))")).isEqualTo(false);
        assertThat(new Quantity.InvalidQuantityException("x", "y")).hasMessage("invalid quantity 'x': y");
    }

    @Test
    void equalQuantitiesHaveEqualHashCodes() throws Exception {
        assertThat(Quantity.parse("1")).isEqualTo(Quantity.parse("1000m")).hasSameHashCodeAs(Quantity.parse("1000m"));
        assertThat(Quantity.parse("1Ki")).hasSameHashCodeAs(Quantity.parse("1.024k"));
        assertThat(Quantity.parse("0")).hasSameHashCodeAs(Quantity.parse("0.000m"));
    }

    // --- type checking ---

    @Test
    void rejectsWrongArgumentTypesAtCompileTime() {
        assertThat(compiles("quantity(1)")).isFalse();
        assertThat(compiles("isQuantity([1, 2, 3])")).isFalse();
        assertThat(compiles("quantity('1').add('1')")).isFalse();
        assertThat(compiles("quantity('1').add(1.5)")).isFalse();
        assertThat(compiles("quantity('1').compareTo(1)")).isFalse();
        assertThat(compiles("quantity('1').isGreaterThan('2')")).isFalse();
        assertThat(compiles("quantity('1') < quantity('2')")).isFalse();
        assertThat(compiles("'1'.asInteger()")).isFalse();
        assertThat(compiles("quantity('1').asInteger() == 1.0")).isFalse();
    }

    @Test
    void dynamicArgumentOfTheWrongTypeFailsAtEvaluation() {
        assertThatThrownBy(() -> eval("quantity(object.n)", Map.of("n", 5L))).isInstanceOf(CelEvaluationException.class);
    }
}
