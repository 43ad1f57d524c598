package dev.celador.cel.lib;

import com.google.re2j.Pattern;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.CostBudget;
import java.time.DateTimeException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Kubernetes' format library: {@code format.dns1123Label()} and the other named formats,
 * {@code format.named(name) -> optional(Format)} and
 * {@code <Format>.validate(value) -> optional(list(string))}, which is {@code optional.none()} for
 * a valid value and otherwise the messages Kubernetes' validation functions return.
 */
public final class FormatLibrary implements FunctionLibrary {

    /** A named format; an opaque CEL value, equal when the names are equal. */
    public record NamedFormat(String name, Function<String, List<String>> check) {

        @Override
        public boolean equals(Object other) {
            return other instanceof NamedFormat format && format.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    static final OpaqueType FORMAT_TYPE = OpaqueType.create("kubernetes.NamedFormat");

    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?";
    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
    private static final Pattern LABEL_KEY = Pattern.compile(LABEL_KEY_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final Pattern UUID = Pattern.compile(
            "(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");
    private static final Pattern BASE64 = Pattern.compile(
            "(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})");
    private static final Pattern FULL_DATE = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})");
    private static final Pattern TIME_OF_DATETIME = Pattern.compile(
            "([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))");

    private static final int DNS1123_LABEL_MAX = 63;
    private static final int DNS1123_SUBDOMAIN_MAX = 253;
    private static final int LABEL_MAX = 63;

    /** The formats by the name {@code format.named()} accepts, in Kubernetes' order. */
    static final Map<String, NamedFormat> FORMATS = formats();

    private static Map<String, NamedFormat> formats() {
        Map<String, NamedFormat> formats = new LinkedHashMap<>();
        formats.put("dns1123Label", new NamedFormat("DNS1123Label", s -> dns1123Label(s)));
        formats.put("dns1123Subdomain", new NamedFormat("DNS1123Subdomain", s -> dns1123Subdomain(s)));
        formats.put("dns1035Label", new NamedFormat("DNS1035Label", s -> dns1035Label(s)));
        formats.put("qualifiedName", new NamedFormat("QualifiedName", FormatLibrary::qualifiedName));
        formats.put("dns1123LabelPrefix",
                new NamedFormat("DNS1123LabelPrefix", s -> dns1123Label(maskTrailingDash(s))));
        formats.put("dns1123SubdomainPrefix",
                new NamedFormat("DNS1123SubdomainPrefix", s -> dns1123Subdomain(maskTrailingDash(s))));
        formats.put("dns1035LabelPrefix",
                new NamedFormat("DNS1035LabelPrefix", s -> dns1035Label(maskTrailingDash(s))));
        formats.put("labelValue", new NamedFormat("LabelValue", FormatLibrary::labelValue));
        formats.put("uri", new NamedFormat("URI", RequestUri::problems));
        formats.put("uuid", new NamedFormat("uuid",
                s -> UUID.matcher(s).matches() ? List.of() : List.of("does not match the UUID format")));
        formats.put("byte", new NamedFormat("byte",
                s -> BASE64.matcher(s).matches() ? List.of() : List.of("invalid base64")));
        formats.put("date", new NamedFormat("date", s -> isDate(s) ? List.of() : List.of("invalid date")));
        formats.put("datetime", new NamedFormat("datetime",
                s -> isDateTime(s) ? List.of() : List.of("invalid datetime")));
        return Collections.unmodifiableMap(formats);
    }

    @Override
    public List<CelFunctionDecl> functions() {
        List<CelFunctionDecl> functions = new ArrayList<>();
        for (String name : FORMATS.keySet()) {
            functions.add(CelFunctionDecl.newFunctionDeclaration("format." + name,
                    CelOverloadDecl.newGlobalOverload("format_" + name, FORMAT_TYPE)));
        }
        functions.add(CelFunctionDecl.newFunctionDeclaration("format.named",
                CelOverloadDecl.newGlobalOverload("format_named_string", OptionalType.create(FORMAT_TYPE),
                        SimpleType.STRING)));
        functions.add(CelFunctionDecl.newFunctionDeclaration("validate",
                CelOverloadDecl.newMemberOverload("format_validate_string",
                        OptionalType.create(ListType.create(SimpleType.STRING)), FORMAT_TYPE, SimpleType.STRING)));
        return List.copyOf(functions);
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        List<CelFunctionBinding> bindings = new ArrayList<>();
        for (Map.Entry<String, NamedFormat> format : FORMATS.entrySet()) {
            NamedFormat value = format.getValue();
            bindings.add(CelFunctionBinding.from("format_" + format.getKey(), List.<Class<?>>of(), args -> value));
        }
        bindings.add(CelFunctionBinding.from("format_named_string", String.class, FormatLibrary::named));
        bindings.add(CelFunctionBinding.from("format_validate_string", NamedFormat.class, String.class,
                FormatLibrary::validate));
        return List.copyOf(bindings);
    }

    static Optional<NamedFormat> named(String name) throws CelEvaluationException {
        CostBudget.charge(1L + name.length());
        return Optional.ofNullable(FORMATS.get(name));
    }

    static Optional<List<String>> validate(NamedFormat format, String value) throws CelEvaluationException {
        CostBudget.charge(1L + value.length());
        List<String> problems = format.check().apply(value);
        return problems.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(problems));
    }

    static List<String> dns1123Label(String value) {
        List<String> errors = new ArrayList<>();
        if (byteLength(value) > DNS1123_LABEL_MAX) {
            errors.add(maxLenError(DNS1123_LABEL_MAX));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            if (DNS1123_SUBDOMAIN.matcher(value).matches()) {
                errors.add("must not contain dots");
            } else {
                errors.add(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters"
                        + " or '-', and must start and end with an alphanumeric character", DNS1123_LABEL_FMT,
                        "my-name", "123-abc"));
            }
        }
        return errors;
    }

    static List<String> dns1123Subdomain(String value) {
        List<String> errors = new ArrayList<>();
        if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) {
            errors.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errors.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                    + " '-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FMT,
                    "example.com"));
        }
        return errors;
    }

    static List<String> dns1035Label(String value) {
        List<String> errors = new ArrayList<>();
        if (byteLength(value) > DNS1123_LABEL_MAX) {
            errors.add(maxLenError(DNS1123_LABEL_MAX));
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            errors.add(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start"
                    + " with an alphabetic character, and end with an alphanumeric character", DNS1035_LABEL_FMT,
                    "my-name", "abc-123"));
        }
        return errors;
    }

    static List<String> qualifiedName(String value) {
        List<String> errors = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        String nameError = regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and"
                + " end with an alphanumeric character", LABEL_KEY_FMT, "MyName", "my.name", "123-abc");
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) {
                    errors.add("prefix part must be non-empty");
                } else {
                    for (String message : dns1123Subdomain(prefix)) {
                        errors.add("prefix part " + message);
                    }
                }
            }
            default -> {
                errors.add("a valid label key " + nameError
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
            }
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (byteLength(name) > LABEL_MAX) {
            errors.add("name part " + maxLenError(LABEL_MAX));
        }
        if (!LABEL_KEY.matcher(name).matches()) {
            errors.add("name part " + nameError);
        }
        return errors;
    }

    static List<String> labelValue(String value) {
        List<String> errors = new ArrayList<>();
        if (byteLength(value) > LABEL_MAX) {
            errors.add(maxLenError(LABEL_MAX));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errors.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-',"
                    + " '_' or '.', and must start and end with an alphanumeric character", LABEL_VALUE_FMT,
                    "MyValue", "my_value", "12345"));
        }
        return errors;
    }

    /**
     * A generated name's prefix ends in a dash; Kubernetes replaces the last two characters with
     * "a" before checking (sic). A lone "-" is left as it is and so fails.
     */
    static String maskTrailingDash(String name) {
        if (name.endsWith("-") && name.length() >= 2) {
            return name.substring(0, name.length() - 2) + "a";
        }
        return name;
    }

    /** RFC 3339 full-date, as Go's {@code time.Parse("2006-01-02", s)}: real calendar days only. */
    static boolean isDate(String value) {
        var matcher = FULL_DATE.matcher(value);
        if (!matcher.matches()) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The OpenAPI {@code date-time} check of kube-openapi's strfmt: a date, 'T', then a time. */
    static boolean isDateTime(String value) {
        if (value.length() < 4) {
            return false;
        }
        String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("t", -1);
        if (parts.length < 2 || !isDate(parts[0])) {
            return false;
        }
        var matcher = TIME_OF_DATETIME.matcher(parts[1]);
        return matcher.matches() && matcher.group(1).compareTo("23") <= 0 && matcher.group(2).compareTo("59") <= 0
                && matcher.group(3).compareTo("59") <= 0;
    }

    /** Go measures strings in UTF-8 bytes. */
    private static int byteLength(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    private static String regexError(String message, String format, String... examples) {
        StringBuilder text = new StringBuilder(message).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                text.append(" or ");
            }
            text.append('\'').append(examples[i]).append("', ");
        }
        return text.append("regex used for validation is '").append(format).append("')").toString();
    }
}
