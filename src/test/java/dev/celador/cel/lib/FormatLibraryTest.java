package dev.celador.cel.lib;

import static dev.celador.cel.lib.CelExpressions.compile;
import static dev.celador.cel.lib.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormatLibraryTest {

    @Test
    void validLabelGivesNone() throws Exception {
        assertThat(eval("format.dns1123Label().validate('my-label-name')")).isEqualTo(Optional.empty());
        assertThat(eval("format.dns1123Label().validate('my-label-name').hasValue()")).isEqualTo(false);
    }

    @Test
    void invalidLabelGivesKubernetesMessage() throws Exception {
        // Kubernetes' RegexError really joins examples as "'my-name',  or '123-abc', ".
        assertThat(eval("format.dns1123Label().validate('My_Name')")).isEqualTo(Optional.of(List.of(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must"
                        + " start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used"
                        + " for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")));
    }

    @Test
    void labelWithDotsSaysDotsAreNotAllowed() throws Exception {
        assertThat(eval("format.dns1123Label().validate('a.b').value()")).isEqualTo(List.of("must not contain dots"));
    }

    @Test
    void tooLongLabelGivesLengthAndPatternMessages() throws Exception {
        Object problems = eval("format.dns1123Label().validate(object).value()", "a".repeat(64));
        assertThat(problems).isEqualTo(List.of("must be no more than 63 characters"));
        Object both = eval("format.dns1035Label().validate(object).value()", "1" + "a".repeat(63));
        assertThat((List<?>) both).hasSize(2).first().isEqualTo("must be no more than 63 characters");
    }

    @Test
    void subdomainAcceptsDottedNamesAndRejectsUppercase() throws Exception {
        assertThat(eval("format.dns1123Subdomain().validate('apiextensions.k8s.io')")).isEqualTo(Optional.empty());
        assertThat(eval("format.dns1123Subdomain().validate('Example.com').value()[0]"))
                .asString().startsWith("a lowercase RFC 1123 subdomain must consist of");
        assertThat(eval("format.dns1123Subdomain().validate(object).value()[0]", "a".repeat(254)))
                .isEqualTo("must be no more than 253 characters");
    }

    @Test
    void dns1035LabelRejectsLeadingDigit() throws Exception {
        assertThat(eval("format.dns1035Label().validate('my-label-name')")).isEqualTo(Optional.empty());
        assertThat(eval("format.dns1035Label().validate('1abc').value()[0]"))
                .asString().startsWith("a DNS-1035 label must consist of");
    }

    @Test
    void qualifiedNameAcceptsPrefixedNameAndReportsEachPart() throws Exception {
        assertThat(eval("format.qualifiedName().validate('apiextensions.k8s.io/v1beta1')")).isEqualTo(Optional.empty());
        assertThat(eval("format.qualifiedName().validate('/name').value()"))
                .isEqualTo(List.of("prefix part must be non-empty"));
        assertThat(eval("format.qualifiedName().validate('example.com/').value()"))
                .asList().first().isEqualTo("name part must be non-empty");
        assertThat(eval("format.qualifiedName().validate('a/b/c').value()[0]"))
                .asString().startsWith("a valid label key must consist of").endsWith("(e.g. 'example.com/MyName')");
        assertThat(eval("format.qualifiedName().validate('Bad_Prefix/name').value()[0]"))
                .asString().startsWith("prefix part a lowercase RFC 1123 subdomain");
    }

    @Test
    void prefixFormatsAcceptTrailingDash() throws Exception {
        assertThat(eval("format.dns1123LabelPrefix().validate('my-label-prefix-')")).isEqualTo(Optional.empty());
        assertThat(eval("format.dns1123SubdomainPrefix().validate('mysubdomain.prefix.-')")).isEqualTo(Optional.empty());
        assertThat(eval("format.dns1035LabelPrefix().validate('my-label-prefix-')")).isEqualTo(Optional.empty());
        assertThat(eval("format.dns1123Label().validate('my-label-prefix-').hasValue()")).isEqualTo(true);
    }

    @Test
    void labelValueAcceptsEmptyAndRejectsSpaces() throws Exception {
        assertThat(eval("format.labelValue().validate('')")).isEqualTo(Optional.empty());
        assertThat(eval("format.labelValue().validate('My_value.1')")).isEqualTo(Optional.empty());
        assertThat(eval("format.labelValue().validate('has space').value()[0]"))
                .asString().startsWith("a valid label must be an empty string or consist of");
    }

    @Test
    void uriAcceptsAbsoluteUrlsAndPaths() throws Exception {
        assertThat(eval("format.uri().validate('http://example.com')")).isEqualTo(Optional.empty());
        assertThat(eval("format.uri().validate('https://user@example.com:8443/a%20b?q=1')")).isEqualTo(Optional.empty());
        assertThat(eval("format.uri().validate('/just/a/path')")).isEqualTo(Optional.empty());
        assertThat(eval("format.uri().validate('mailto:someone@example.com')")).isEqualTo(Optional.empty());
    }

    @Test
    void uriRejectsRelativeAndMalformedValuesWithGoMessages() throws Exception {
        assertThat(eval("format.uri().validate('example.com').value()"))
                .isEqualTo(List.of("parse \"example.com\": invalid URI for request"));
        assertThat(eval("format.uri().validate('').value()")).isEqualTo(List.of("parse \"\": empty url"));
        assertThat(eval("format.uri().validate(':foo').value()"))
                .isEqualTo(List.of("parse \":foo\": missing protocol scheme"));
        assertThat(eval("format.uri().validate('http://example.com:port/').value()"))
                .isEqualTo(List.of("parse \"http://example.com:port/\": invalid port \":port\" after host"));
        assertThat(eval("format.uri().validate('http://exa mple.com/').value()"))
                .isEqualTo(List.of("parse \"http://exa mple.com/\": invalid character \" \" in host name"));
        assertThat(eval("format.uri().validate('/a%zzb').value()"))
                .isEqualTo(List.of("parse \"/a%zzb\": invalid URL escape \"%zz\""));
    }

    @Test
    void uuidAcceptsCanonicalAndUppercaseForms() throws Exception {
        assertThat(eval("format.uuid().validate('123e4567-e89b-12d3-a456-426614174000')")).isEqualTo(Optional.empty());
        assertThat(eval("format.uuid().validate('123E4567E89B12D3A456426614174000')")).isEqualTo(Optional.empty());
        assertThat(eval("format.uuid().validate('not-a-uuid').value()"))
                .isEqualTo(List.of("does not match the UUID format"));
    }

    @Test
    void byteAcceptsPaddedBase64Only() throws Exception {
        assertThat(eval("format.byte().validate('aGVsbG8=')")).isEqualTo(Optional.empty());
        assertThat(eval("format.byte().validate('aGVsbG8').value()")).isEqualTo(List.of("invalid base64"));
        assertThat(eval("format.byte().validate('').value()")).isEqualTo(List.of("invalid base64"));
    }

    @Test
    void dateAcceptsRealCalendarDaysOnly() throws Exception {
        assertThat(eval("format.date().validate('2021-01-01')")).isEqualTo(Optional.empty());
        assertThat(eval("format.date().validate('2024-02-29')")).isEqualTo(Optional.empty());
        assertThat(eval("format.date().validate('2023-02-29').value()")).isEqualTo(List.of("invalid date"));
        assertThat(eval("format.date().validate('2021-1-01').value()")).isEqualTo(List.of("invalid date"));
    }

    @Test
    void datetimeAcceptsRfc3339AndRejectsOutOfRangeTimes() throws Exception {
        assertThat(eval("format.datetime().validate('2021-01-01T00:00:00Z')")).isEqualTo(Optional.empty());
        assertThat(eval("format.datetime().validate('2021-01-01t23:59:59.123+02:00')")).isEqualTo(Optional.empty());
        assertThat(eval("format.datetime().validate('2021-01-01T24:00:00Z').value()"))
                .isEqualTo(List.of("invalid datetime"));
        assertThat(eval("format.datetime().validate('2021-01-01').value()")).isEqualTo(List.of("invalid datetime"));
        assertThat(eval("format.datetime().validate('2021-01-01T00:00:00').value()"))
                .isEqualTo(List.of("invalid datetime"));
    }

    @Test
    void namedReturnsFormatForKnownNameAndNoneOtherwise() throws Exception {
        assertThat(eval("format.named('dns1123Label').hasValue()")).isEqualTo(true);
        assertThat(eval("format.named('dns1123Label').value().validate('ok')")).isEqualTo(Optional.empty());
        assertThat(eval("format.named('nope').hasValue()")).isEqualTo(false);
        assertThat(eval("format.named('labelValue') == optional.of(format.labelValue())")).isEqualTo(true);
    }

    @Test
    void messagesJoinIntoMessageExpression() throws Exception {
        Object object = Map.of("metadata", Map.of("name", "Bad.Name"));
        Object message = eval("format.dns1123Label().validate(object.metadata.name).orValue([]).join('\\n')", object);
        assertThat(message).asString().startsWith("a lowercase RFC 1123 label");
    }

    @Test
    void wrongArgumentTypesFailToCompile() {
        assertThat(compile("format.dns1123Label().validate(1)").ok()).isFalse();
        assertThat(compile("format.named(1)").ok()).isFalse();
        assertThat(compile("format.dns1123Label('x')").ok()).isFalse();
        assertThat(compile("'x'.validate('y')").ok()).isFalse();
    }
}
