package dev.celador.cel.lib;

import static dev.celador.cel.lib.CelExpressions.compile;
import static dev.celador.cel.lib.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.primitives.UnsignedLong;
import dev.cel.runtime.CelEvaluationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesListsLibraryTest {

    @Test
    void isSortedIsTrueForAscendingIntsStringsAndDoubles() throws Exception {
        assertThat(eval("[1, 2, 3].isSorted()")).isEqualTo(true);
        assertThat(eval("['a', 'b', 'b', 'c'].isSorted()")).isEqualTo(true);
        assertThat(eval("[1.0, 2.5].isSorted()")).isEqualTo(true);
    }

    @Test
    void isSortedIsFalseForDescendingElements() throws Exception {
        assertThat(eval("[2.0, 1.0].isSorted()")).isEqualTo(false);
        assertThat(eval("['b', 'a'].isSorted()")).isEqualTo(false);
    }

    @Test
    void isSortedIsTrueForEmptyAndSingleElementLists() throws Exception {
        assertThat(eval("[].isSorted()")).isEqualTo(true);
        assertThat(eval("[1].isSorted()")).isEqualTo(true);
    }

    @Test
    void isSortedOrdersBoolsBytesDurationsAndTimestamps() throws Exception {
        assertThat(eval("[false, true].isSorted()")).isEqualTo(true);
        assertThat(eval("[b'a', b'\\xff'].isSorted()")).isEqualTo(true);
        assertThat(eval("[duration('1s'), duration('1m')].isSorted()")).isEqualTo(true);
        assertThat(eval("[timestamp('2024-01-02T00:00:00Z'), timestamp('2024-01-01T00:00:00Z')].isSorted()"))
                .isEqualTo(false);
    }

    @Test
    void isSortedWorksOnDynObjectList() throws Exception {
        assertThat(eval("object.ports.isSorted()", Map.of("ports", List.of(80L, 443L, 8080L)))).isEqualTo(true);
    }

    @Test
    void isSortedComparesIntsAndDoublesAcrossTypes() throws Exception {
        assertThat(eval("object.isSorted()", List.of(1L, 1.5, 2L))).isEqualTo(true);
    }

    @Test
    void isSortedOfMapsIsCelError() {
        assertThatThrownBy(() -> eval("object.isSorted()", List.of(Map.of("a", 1L), Map.of("b", 2L))))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("not comparable");
    }

    @Test
    void isSortedOfMixedStringsAndIntsIsCelError() {
        assertThatThrownBy(() -> eval("object.isSorted()", List.of(1L, "a")))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("cannot compare");
    }

    @Test
    void sumAddsIntsDoublesUintsAndDurations() throws Exception {
        assertThat(eval("[1, 3].sum()")).isEqualTo(4L);
        assertThat(eval("[1.0, 3.5].sum()")).isEqualTo(4.5);
        assertThat(eval("[1u, 2u].sum()")).isEqualTo(UnsignedLong.valueOf(3));
        assertThat(eval("[duration('1m'), duration('1s')].sum()")).isEqualTo(Duration.ofSeconds(61));
    }

    @Test
    void sumOfEmptyListIsZero() throws Exception {
        assertThat(eval("[].sum()")).isEqualTo(0L);
    }

    @Test
    void sumOfDynListAddsReplicaCounts() throws Exception {
        Object object = Map.of("items", List.of(Map.of("replicas", 2L), Map.of("replicas", 5L)));
        assertThat(eval("object.items.map(i, i.replicas).sum()", object)).isEqualTo(7L);
    }

    @Test
    void sumOfStringsIsCelErrorAtEvaluation() {
        // Declared over list(T), so the check happens when evaluating (see class Javadoc).
        assertThatThrownBy(() -> eval("['a', 'b'].sum()"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("cannot be summed");
    }

    @Test
    void sumOfMixedIntAndDoubleIsCelError() {
        assertThatThrownBy(() -> eval("object.sum()", List.of(1L, 2.0)))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("cannot add double to int");
    }

    @Test
    void sumOverflowIsCelError() {
        assertThatThrownBy(() -> eval("[9223372036854775807, 1].sum()"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("overflow");
    }

    @Test
    void minAndMaxReturnExtremes() throws Exception {
        assertThat(eval("[3, 1, 2].min()")).isEqualTo(1L);
        assertThat(eval("[3, 1, 2].max()")).isEqualTo(3L);
        assertThat(eval("['b', 'a', 'c'].min()")).isEqualTo("a");
        assertThat(eval("[1.5, -2.5].max()")).isEqualTo(1.5);
        assertThat(eval("[timestamp('2024-01-02T00:00:00Z'), timestamp('2024-01-01T00:00:00Z')].min()"))
                .isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void minOfSingleElementListIsThatElement() throws Exception {
        assertThat(eval("[1].min()")).isEqualTo(1L);
        assertThat(eval("([0] + []).min()")).isEqualTo(0L);
    }

    @Test
    void maxOfMixedIntsAndDoublesReturnsLargestValue() throws Exception {
        assertThat(eval("object.max()", List.of(1L, 2.5, 2L))).isEqualTo(2.5);
    }

    @Test
    void infinityOrdersAboveEveryNumber() throws Exception {
        assertThat(eval("object.max()", List.of(1L, Double.POSITIVE_INFINITY, 2.0))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(eval("object.isSorted()", List.of(Double.NEGATIVE_INFINITY, 0L, UnsignedLong.ONE))).isEqualTo(true);
    }

    @Test
    void minOfEmptyListIsCelError() {
        assertThatThrownBy(() -> eval("[].min()"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("min called on empty list");
        assertThatThrownBy(() -> eval("object.max()", List.of()))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("max called on empty list");
    }

    @Test
    void minWithNaNIsCelError() {
        assertThatThrownBy(() -> eval("[1.0, double('NaN')].min()"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void indexOfFindsFirstAndLastPosition() throws Exception {
        assertThat(eval("[1, 2, 2, 3].indexOf(2)")).isEqualTo(1L);
        assertThat(eval("['a', 'b', 'b', 'c'].lastIndexOf('b')")).isEqualTo(2L);
    }

    @Test
    void indexOfReturnsMinusOne_whenAbsent() throws Exception {
        assertThat(eval("[1.0].indexOf(1.1)")).isEqualTo(-1L);
        assertThat(eval("[].indexOf('string')")).isEqualTo(-1L);
        assertThat(eval("[].lastIndexOf(1)")).isEqualTo(-1L);
    }

    @Test
    void indexOfComparesNumbersAcrossTypesAndListsDeeply() throws Exception {
        assertThat(eval("object.indexOf(2.0)", List.of(1L, 2L))).isEqualTo(1L);
        assertThat(eval("[[1], [2, 3]].indexOf([2, 3])")).isEqualTo(1L);
        assertThat(eval("object.indexOf({'name': 'b'})", List.of(Map.of("name", "a"), Map.of("name", "b"))))
                .isEqualTo(1L);
    }

    @Test
    void stringIndexOfFromStringsExtensionStillWorks() throws Exception {
        assertThat(eval("'hello'.indexOf('l')")).isEqualTo(2L);
        assertThat(eval("object.indexOf('l')", "hello")).isEqualTo(2L);
        assertThat(eval("object.lastIndexOf('l')", "hello")).isEqualTo(3L);
    }

    @Test
    void indexOfWithWrongElementTypeFailsToCompile() {
        assertThat(compile("[1, 2].indexOf('a')").ok()).isFalse();
        assertThat(compile("[1, 2].isSorted(1)").ok()).isFalse();
        assertThat(compile("1.sum()").ok()).isFalse();
    }
}
