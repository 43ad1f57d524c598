package dev.celador.cel.lib;

import static dev.celador.cel.lib.CelExpressions.compiles;
import static dev.celador.cel.lib.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import dev.celador.cel.CelEnvironment;
import dev.celador.cel.ExpectedType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlLibraryTest {

    private static final CelEnvironment ENV = new CelEnvironment();

    /** Evaluates {@code url(<text>).<getter>()} with the URL passed through the object, so no quoting trouble. */
    private static Object get(String url, String getter) throws CelEvaluationException {
        return eval("url(object.url)." + getter + "()", Map.of("url", url));
    }

    private static boolean isUrl(String url) throws CelEvaluationException {
        return (Boolean) eval("isURL(object.url)", Map.of("url", url));
    }

    @Test
    void readsAllPartsOfAFullUrl() throws Exception {
        String url = "https://user:pass@example.com:8443/api/v1/pods?watch=true&label=a&label=b#frag";
        assertThat(get(url, "getScheme")).isEqualTo("https");
        assertThat(get(url, "getHost")).isEqualTo("example.com:8443");
        assertThat(get(url, "getHostname")).isEqualTo("example.com");
        assertThat(get(url, "getPort")).isEqualTo("8443");
        assertThat(get(url, "getEscapedPath")).isEqualTo("/api/v1/pods");
        assertThat(get(url, "getQuery")).isEqualTo(Map.of("watch", List.of("true"), "label", List.of("a", "b")));
    }

    @Test
    void validatesWebhookUrlFromObject_inARealisticPolicyExpression() throws Exception {
        String expression = "isURL(object.spec.url) && url(object.spec.url).getScheme() == 'https'"
                + " && !url(object.spec.url).getHostname().endsWith('.internal')";
        assertThat(eval(expression, Map.of("spec", Map.of("url", "https://hooks.example.com/notify")))).isEqualTo(true);
        assertThat(eval(expression, Map.of("spec", Map.of("url", "http://hooks.example.com/notify")))).isEqualTo(false);
        assertThat(eval(expression, Map.of("spec", Map.of("url", "https://db.internal/")))).isEqualTo(false);
        assertThat(eval(expression, Map.of("spec", Map.of("url", "not a url")))).isEqualTo(false);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://example.com:80/       | example.com:80 | example.com | 80",
            "https://example.com/          | example.com    | example.com | ''",
            "https://[::1]:80/             | [::1]:80       | ::1         | 80",
            "https://[::1]/                | [::1]          | ::1         | ''",
            "https://[2001:db8::1]:6443    | [2001:db8::1]:6443 | 2001:db8::1 | 6443",
            "https://127.0.0.1:80/         | 127.0.0.1:80   | 127.0.0.1   | 80",
            "https://example.com:/         | example.com:   | example.com | ''",
            "/path                         | ''             | ''          | ''",
            "HTTPS://Example.COM/          | Example.COM    | Example.COM | ''"})
    void splitsHostAndPort_withIpv6InBracketsOnlyInHost(String url, String host, String hostname, String port)
            throws Exception {
        assertThat(get(url, "getHost")).isEqualTo(host);
        assertThat(get(url, "getHostname")).isEqualTo(hostname);
        assertThat(get(url, "getPort")).isEqualTo(port);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://example.com/             | https",
            "HTTPS://example.com/             | https",
            "/path                            | ''",
            "mailto:someone@example.com       | mailto",
            "git+ssh://git@example.com/r.git  | git+ssh"})
    void schemeIsLowercased_andEmptyForAbsolutePaths(String url, String scheme) throws Exception {
        assertThat(get(url, "getScheme")).isEqualTo(scheme);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://example.com/path                 | /path",
            "https://example.com/path/                | /path/",
            "https://example.com/                     | /",
            "https://example.com                      | ''",
            "https://example.com/path with spaces/    | /path%20with%20spaces/",
            "https://example.com/a%2Fb                | /a%2Fb",
            "https://example.com/caf%C3%A9            | /caf%C3%A9",
            "https://example.com/café                 | /caf%C3%A9",
            "https://example.com/a:b@c;d=e,f+g$h&i    | /a:b@c;d=e,f+g$h&i",
            "https://example.com/path#frag            | /path",
            "https://example.com/path?q=1#frag        | /path",
            "/absolute/path                           | /absolute/path",
            "*                                        | *",
            "mailto:someone@example.com               | ''"})
    void escapedPathKeepsValidEscapes_andEscapesTheRest(String url, String path) throws Exception {
        assertThat(get(url, "getEscapedPath")).isEqualTo(path);
    }

    @Test
    void queryGroupsRepeatedKeys_andDecodesKeysAndValues() throws Exception {
        assertThat(get("https://example.com/path?k1=a&k2=b&k2=c", "getQuery"))
                .isEqualTo(Map.of("k1", List.of("a"), "k2", List.of("b", "c")));
        assertThat(get("https://example.com/path?key with spaces=value with spaces", "getQuery"))
                .isEqualTo(Map.of("key with spaces", List.of("value with spaces")));
        assertThat(get("https://example.com/?a+b=c%20d&e=%26&flag", "getQuery"))
                .isEqualTo(Map.of("a b", List.of("c d"), "e", List.of("&"), "flag", List.of("")));
        assertThat(get("https://example.com/?a=1=2&&b=", "getQuery"))
                .isEqualTo(Map.of("a", List.of("1=2"), "b", List.of("")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/path?", "https://example.com/path", "https://example.com/path#a?b=c",
            "/path"})
    void queryIsEmptyMap_whenAbsentOrEmpty(String url) throws Exception {
        assertThat(get(url, "getQuery")).isEqualTo(Map.of());
        assertThat(eval("size(url(object.url).getQuery()) == 0", Map.of("url", url))).isEqualTo(true);
    }

    @Test
    void querySkipsPairsWithBadEscapesOrSemicolons_likeGo() throws Exception {
        assertThat(get("https://example.com/?a=%zz&b=1&c=1;d=2&e=2", "getQuery"))
                .isEqualTo(Map.of("b", List.of("1"), "e", List.of("2")));
    }

    @Test
    void queryMapWorksWithCelMapOperations() throws Exception {
        assertThat(eval("'watch' in url('https://e.com/?watch=1').getQuery()")).isEqualTo(true);
        assertThat(eval("url('https://e.com/?l=a&l=b').getQuery()['l'][1]")).isEqualTo("b");
    }

    @Test
    void equalUrlsCompareEqual() throws Exception {
        assertThat(eval("url('https://example.com/a') == url('https://example.com/a')")).isEqualTo(true);
        assertThat(eval("url('https://example.com/a') == url('https://example.com/b')")).isEqualTo(false);
        assertThat(eval("url('HTTPS://example.com/a') == url('https://example.com/a')")).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:pass@example.com:80/path?query=val#fragment", "/absolute-path", "/",
            "http://example.com", "http://example.com/", "http:", "mailto:someone@example.com", "urn:isbn:0451450523",
            "*", "//not-a-host/path", "https://[fe80::1%25en0]/", "https://exa_mple.com/", "https://example.com/%41",
            "https://ünicode.example/", "https://example.com/a b", "https://example.com:/", "ftp://x/?q=%zz",
            "https://example.com/?a;b", "https://user@example.com/", "https://a@b@example.com/", "https://", "a:b",
            "localhost:8080"})
    void acceptsAbsoluteUrisAndAbsolutePaths(String url) throws Exception {
        assertThat(isUrl(url)).isTrue();
        assertThat(eval("url(object.url) == url(object.url)", Map.of("url", url))).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../relative-path", "relative/path", "example.com", ":foo",
            "://example.com", "https://a:b:c/", "https://example.com:8o/", "https://[::1/", "https://[::1]x/",
            "https://exa mple.com/", "https://exa%41mple.com/", "https://example.com/%zz", "https://example.com/%4",
            "https://us er@example.com/", "https://us%zzer@example.com/", "https://example.com/\tpath",
            "https://example.com/\u007f", "#fragment", "?query", "https://ex<am>ple.com{}/",
            "https://[fe80::1%25%0a]/"})
    void rejectsRelativeAndMalformedUrls_andUrlThrows(String url) throws Exception {
        assertThat(isUrl(url)).isFalse();
        assertThatThrownBy(() -> get(url, "getScheme"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("invalid URL");
    }

    @Test
    void badFragmentEscape_isAcceptedByIsUrlButRejectedByUrl_asInKubernetes() throws Exception {
        assertThat(isUrl("https://example.com/?q#%zz")).isTrue();
        assertThatThrownBy(() -> get("https://example.com/?q#%zz", "getScheme"))
                .isInstanceOf(CelEvaluationException.class);
    }

    @Test
    void errorMessageLeavesOutTheInput_soPasswordsDoNotLeak() {
        assertThatThrownBy(() -> get("https://admin:s3cret@example.com:x/", "getHost"))
                .isInstanceOf(CelEvaluationException.class)
                .message().doesNotContain("s3cret");
    }

    @Test
    void wrongArgumentTypes_doNotCompile() {
        assertThat(ENV.compile("url(1)", ExpectedType.ANY).ok()).isFalse();
        assertThat(ENV.compile("isURL(true)", ExpectedType.ANY).ok()).isFalse();
        assertThat(ENV.compile("'https://e.com'.getHost()", ExpectedType.ANY).ok()).isFalse();
        assertThat(ENV.compile("url('https://e.com').getHost(1)", ExpectedType.ANY).ok()).isFalse();
        assertThat(ENV.compile("url('https://e.com') == 'https://e.com'", ExpectedType.ANY).ok()).isFalse();
        assertThat(ENV.compile("url('https://e.com').getQuery() == 'x'", ExpectedType.ANY).ok()).isFalse();
    }

    @Test
    void getterResultsAreTypedForTheChecker() {
        assertThat(ENV.compile("url('https://e.com').getPort()", ExpectedType.STRING).ok()).isTrue();
        assertThat(ENV.compile("url('https://e.com').getPort() == 80", ExpectedType.BOOL).ok()).isFalse();
    }

    @Test
    void dynNonStringArgument_failsAtRuntime() {
        assertThatThrownBy(() -> eval("url(object.url)", Map.of("url", 42L)))
                .isInstanceOf(CelEvaluationException.class);
        assertThatThrownBy(() -> eval("isURL(object.url)", Map.of("url", List.of())))
                .isInstanceOf(CelEvaluationException.class);
    }
}
