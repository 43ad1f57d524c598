package dev.celador.cel.lib;

import static dev.celador.cel.lib.CelExpressions.compile;
import static dev.celador.cel.lib.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StringFormatLibraryTest {

    @Test
    void substitutesStringsAndIntegers() throws Exception {
        assertThat(eval("'%s has %d replicas'.format(['web', 3])")).isEqualTo("web has 3 replicas");
        assertThat(eval("'%d %d %d, %s %s %s'.format([1, 2, 3, 'A', 'B', 'C'])")).isEqualTo("1 2 3, A B C");
    }

    @Test
    void formatsValuesFromDynObject() throws Exception {
        Object object = Map.of("metadata", Map.of("name", "db"), "spec", Map.of("replicas", 5L));
        assertThat(eval("'%s wants %d replicas, max is %d'.format([object.metadata.name, object.spec.replicas, 3])",
                object)).isEqualTo("db wants 5 replicas, max is 3");
    }

    @Test
    void percentEscapesToPercentSign() throws Exception {
        assertThat(eval("'%%escaped %s%%'.format(['percent'])")).isEqualTo("%escaped percent%");
        assertThat(eval("'no substitution'.format([])")).isEqualTo("no substitution");
    }

    @Test
    void fixedPointUsesPrecisionAndRoundsExactBinaryValue_likeGo() throws Exception {
        assertThat(eval("'%.3f'.format([1.2345])")).isEqualTo("1.234");
        assertThat(eval("'%.2f'.format([2.675])")).isEqualTo("2.67");
        assertThat(eval("'%f'.format([1.5])")).isEqualTo("1.500000");
        assertThat(eval("'%.0f'.format([2.5])")).isEqualTo("2");
        assertThat(eval("'%.2f'.format([-0.001])")).isEqualTo("-0.00");
    }

    @Test
    void fixedPointAcceptsNaNAndInfinityStrings() throws Exception {
        assertThat(eval("'%f %f %.2f'.format(['NaN', 'Infinity', '-Infinity'])")).isEqualTo("NaN +Inf -Inf");
    }

    @Test
    void scientificNotation() throws Exception {
        assertThat(eval("'%e'.format([1052.032911275])")).isEqualTo("1.052033e+03");
        assertThat(eval("'%.2e'.format([0.000123])")).isEqualTo("1.23e-04");
        assertThat(eval("'%e'.format([0.0])")).isEqualTo("0.000000e+00");
    }

    @Test
    void binaryOctalAndHex() throws Exception {
        assertThat(eval("'%b %b %b'.format([5, uint(64), true])")).isEqualTo("101 1000000 1");
        assertThat(eval("'%b'.format([-5])")).isEqualTo("-101");
        assertThat(eval("'%o %o'.format([11, uint(8)])")).isEqualTo("13 10");
        assertThat(eval("'%x %X %x'.format([30, 255, 'Hello'])")).isEqualTo("1e FF 48656c6c6f");
        assertThat(eval("'%X'.format([b'\\x01\\xab'])")).isEqualTo("01AB");
    }

    @Test
    void stringClausePrintsEveryCelType() throws Exception {
        assertThat(eval("'%s %s %s %s'.format([true, 1.5, uint(7), null])")).isEqualTo("true 1.5 7 null");
        assertThat(eval("'%s'.format([1000000.0])")).isEqualTo("1e+06");
        assertThat(eval("'%s'.format([b'bytes'])")).isEqualTo("bytes");
        assertThat(eval("'%s'.format([timestamp('2024-01-02T03:04:05.120Z')])")).isEqualTo("2024-01-02T03:04:05.12Z");
        assertThat(eval("'%s'.format([duration('90s')])")).isEqualTo("90s");
        assertThat(eval("'%s'.format([duration('1.5s')])")).isEqualTo("1.5s");
        assertThat(eval("'%s'.format([int])")).isEqualTo("int");
    }

    @Test
    void listsAndMapsPrintAsCelLiterals() throws Exception {
        assertThat(eval("'%s'.format([[1, 'a', 2.5, b'x', true, null]])"))
                .isEqualTo("[1, \"a\", 2.500000, b\"x\", true, null]");
        assertThat(eval("'%s'.format([{'b': 2, 'a': [duration('1s')]}])"))
                .isEqualTo("{\"a\":[duration(\"1s\")], \"b\":2}");
        assertThat(eval("'%s'.format([object])", List.of("quote\"d", "tab\t")))
                .isEqualTo("[\"quote\\\"d\", \"tab\\t\"]");
    }

    @Test
    void missingArgumentIsCelError() {
        assertThatThrownBy(() -> eval("'%s and %s'.format(['one'])"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("index 1 out of range");
    }

    @Test
    void trailingPercentIsCelError() {
        assertThatThrownBy(() -> eval("'100%'.format([1])"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("unexpected end of string");
    }

    @Test
    void unknownVerbIsCelError() {
        assertThatThrownBy(() -> eval("'%q'.format([1])"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("unrecognized formatting clause \"q\"");
    }

    @Test
    void unterminatedPrecisionIsCelError() {
        assertThatThrownBy(() -> eval("'%.2'.format([1.0])"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("could not find end of precision specifier");
    }

    @Test
    void wrongArgumentTypeForVerbIsCelError() {
        assertThatThrownBy(() -> eval("'%d'.format([1.5])"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("decimal clause can only be used on integers, was given double");
        assertThatThrownBy(() -> eval("'%f'.format([1])"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("fixed-point clause can only be used on doubles, was given int");
        assertThatThrownBy(() -> eval("'%x'.format([1.5])"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("can be formatted as hex");
        assertThatThrownBy(() -> eval("'%o'.format([true])"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("octal clause");
    }

    @Test
    void nonListArgumentFailsToCompile() {
        assertThat(compile("'%s'.format('a')").ok()).isFalse();
        assertThat(compile("'%s'.format(['a'], 1)").ok()).isFalse();
        assertThat(compile("1.format([1])").ok()).isFalse();
    }

    @Test
    void stringsQuoteComesFromDevCelStringsExtension() throws Exception {
        assertThat(eval("strings.quote('first\\nsecond')")).isEqualTo("\"first\\nsecond\"");
        assertThat(eval("strings.quote('say \"hi\"')")).isEqualTo("\"say \\\"hi\\\"\"");
    }
}
