package dev.celador.cel.lib;

import static dev.celador.cel.lib.CelExpressions.compile;
import static dev.celador.cel.lib.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegexLibraryTest {

    @Test
    void matchesIsAPartialMatch_inMemberAndGlobalForm() throws Exception {
        assertThat(eval("'/var/lib/mysql'.matches('^/var/lib/[^/]+')")).isEqualTo(true);
        assertThat(eval("'/var/lib/mysql'.matches('lib')")).isEqualTo(true);
        assertThat(eval("matches('/data', '^/var')")).isEqualTo(false);
    }

    @Test
    void matchesUsesTheSameCache_andPatternsFromData() throws Exception {
        Map<String, Object> object = Map.of("paths", java.util.List.of("^/a", "^/b"));
        assertThat(eval("object.paths.exists(re, '/b/c'.matches(re))", object)).isEqualTo(true);
        assertThat(RegexLibrary.compile("^/a")).isSameAs(RegexLibrary.compile("^/a"));
    }

    @Test
    void theCacheStaysBounded_whenPatternsComeFromData() throws Exception {
        for (int i = 0; i < RegexLibrary.CACHE_SIZE * 3; i++) {
            assertThat(RegexLibrary.matches("x" + i, "^x" + i + "$")).isTrue();
        }
        assertThat(RegexLibrary.cachedPatterns()).isLessThanOrEqualTo(RegexLibrary.CACHE_SIZE);
    }

    @Test
    void matchesRejectsAnIllegalPattern_asAnEvaluationError() {
        assertThatThrownBy(() -> eval("'abc'.matches('[a-')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("Illegal regex");
    }

    @Test
    void findReturnsFirstMatch() throws Exception {
        assertThat(eval("'abc 123'.find('[0-9]+')")).isEqualTo("123");
    }

    @Test
    void findReturnsEmptyString_whenNothingMatches() throws Exception {
        assertThat(eval("'abc 123'.find('xyz')")).isEqualTo("");
    }

    @Test
    void findWorksOnDynObjectField() throws Exception {
        Object object = Map.of("spec", Map.of("image", "registry.example.com/app:1.2.3"));
        assertThat(eval("object.spec.image.find('[0-9]+\\\\.[0-9]+\\\\.[0-9]+$')", object)).isEqualTo("1.2.3");
    }

    @Test
    void findAllReturnsEveryMatch() throws Exception {
        assertThat(eval("'123 abc 456'.findAll('[0-9]+')")).isEqualTo(java.util.List.of("123", "456"));
    }

    @Test
    void findAllSkipsEmptyMatchRightAfterPreviousMatch_likeGo() throws Exception {
        // Go's FindAllString("123 abc 456", -1) with [0-9]*: "123", then empty matches at a, b, c and the space.
        assertThat(eval("'123 abc 456'.findAll('[0-9]*')"))
                .isEqualTo(java.util.List.of("123", "", "", "", "", "456"));
    }

    @Test
    void findAllWithLimitStopsAfterLimit() throws Exception {
        assertThat(eval("'123 abc 456'.findAll('[0-9]+', 1)")).isEqualTo(java.util.List.of("123"));
    }

    @Test
    void findAllWithZeroLimitReturnsEmptyList() throws Exception {
        assertThat(eval("'123 abc 456'.findAll('[0-9]+', 0)")).isEqualTo(java.util.List.of());
    }

    @Test
    void findAllWithNegativeLimitReturnsAll() throws Exception {
        assertThat(eval("'a1b2c3'.findAll('[0-9]', -1)")).isEqualTo(java.util.List.of("1", "2", "3"));
    }

    @Test
    void findAllReturnsEmptyList_whenNothingMatches() throws Exception {
        assertThat(eval("'123 abc 456'.findAll('xyz')")).isEqualTo(java.util.List.of());
    }

    @Test
    void findHandlesSupplementaryCharacters() throws Exception {
        assertThat(eval("'a\\U0001F600b'.findAll('.')")).isEqualTo(java.util.List.of("a", "\uD83D\uDE00", "b"));
    }

    @Test
    void acceptsRe2NamedGroupSyntax() throws Exception {
        assertThat(eval("'key=value'.find('(?P<k>[a-z]+)=')")).isEqualTo("key=");
    }

    @Test
    void invalidRegexIsCelError() {
        assertThatThrownBy(() -> eval("'abc'.find('[a-')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("Illegal regex");
    }

    @Test
    void backreferenceIsRejectedWithClearError() {
        assertThatThrownBy(() -> eval("'aa'.find('(a)\\\\1')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("Illegal regex")
                .hasMessageContaining("backreferences");
    }

    @Test
    void lookaheadIsRejectedWithClearError() {
        assertThatThrownBy(() -> eval("'ab'.findAll('a(?=b)')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("lookahead or lookbehind");
    }

    @Test
    void lookbehindIsRejectedWithClearError() {
        assertThatThrownBy(() -> eval("'ab'.find('(?<!a)b')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("lookahead or lookbehind");
    }

    @Test
    void possessiveQuantifierIsRejected() {
        assertThatThrownBy(() -> eval("'aaa'.find('a++')"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("Illegal regex");
    }

    @Test
    void nestedQuantifierOnLongInputRunsInLinearTime() throws Exception {
        String input = "a".repeat(5_000) + "!";
        long started = System.nanoTime();
        Object found = eval("object.find('(a+)+$')", input);
        assertThat(found).isEqualTo("");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void sameInvalidPatternFailsEveryTime() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> eval("'abc'.findAll('(')")).isInstanceOf(CelEvaluationException.class);
        }
    }

    @Test
    void nonStringPatternFailsToCompile() {
        assertThat(compile("'abc'.find(1)").ok()).isFalse();
        assertThat(compile("'abc'.findAll('a', 'b')").ok()).isFalse();
        assertThat(compile("[1].find('a')").ok()).isFalse();
    }

    @Test
    void nonStringDynReceiverIsCelError() {
        assertThatThrownBy(() -> eval("object.find('a')", 42L)).isInstanceOf(CelEvaluationException.class);
    }
}
