package dev.celador.cel.lib;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.CostBudget;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code string.format(list)} of cel-go's strings extension (the version Kubernetes enables), which
 * dev.cel lacks. {@code strings.quote} is not declared here: dev.cel's strings extension has it.
 *
 * <p>Verbs: {@code %s} (any value, lists and maps printed as CEL literals), {@code %d} (int, uint),
 * {@code %f} and {@code %e} (double, or the strings "NaN", "Infinity", "-Infinity"; precision
 * {@code %.2f}, default 6), {@code %b} (int, uint, bool), {@code %o} (int, uint), {@code %x} and
 * {@code %X} (int, uint, string, bytes) and {@code %%}. Numbers follow Go's formatting (exact
 * binary value, round half to even). A wrong type, a missing argument or an unknown verb is a CEL
 * error with cel-go's message.
 */
public final class StringFormatLibrary implements FunctionLibrary {

    private static final int DEFAULT_PRECISION = 6;

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(CelFunctionDecl.newFunctionDeclaration("format",
                CelOverloadDecl.newMemberOverload("string_format_list", SimpleType.STRING, SimpleType.STRING,
                        ListType.create(SimpleType.DYN))));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(CelFunctionBinding.from("string_format_list", String.class, List.class,
                StringFormatLibrary::format));
    }

    static String format(String template, List<?> args) throws CelEvaluationException {
        CostBudget.charge(1L + template.length() + args.size());
        StringBuilder out = new StringBuilder(template.length() + 16 * args.size());
        int argIndex = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < template.length() && template.charAt(i + 1) == '%') {
                out.append('%');
                i += 2;
                continue;
            }
            if (argIndex >= args.size()) {
                throw new CelEvaluationException("index " + argIndex + " out of range");
            }
            if (i + 1 >= template.length()) {
                throw new CelEvaluationException("unexpected end of string");
            }
            i++;
            Integer precision = null;
            if (template.charAt(i) == '.') {
                int start = ++i;
                while (i < template.length() && Character.isDigit(template.charAt(i)) && template.charAt(i) < 128) {
                    i++;
                }
                if (i >= template.length()) {
                    throw clauseError("error while parsing precision: could not find end of precision specifier");
                }
                String digits = template.substring(start, i);
                if (digits.isEmpty() || digits.length() > 4) {
                    throw clauseError("error while parsing precision: error while converting precision to integer: "
                            + "invalid precision \"" + digits + "\"");
                }
                precision = Integer.parseInt(digits);
            }
            char verb = template.charAt(i++);
            Object arg = args.get(argIndex++);
            out.append(formatClause(verb, precision, arg));
        }
        CostBudget.charge(out.length());
        return out.toString();
    }

    private static String formatClause(char verb, Integer precision, Object arg) throws CelEvaluationException {
        int digits = precision == null ? DEFAULT_PRECISION : precision;
        return switch (verb) {
            case 's' -> formatString(arg);
            case 'd' -> {
                if (arg instanceof Long || arg instanceof UnsignedLong) {
                    yield arg.toString();
                }
                throw formattingError("decimal clause can only be used on integers, was given " + typeName(arg));
            }
            case 'f' -> fixed(toDouble(arg, "fixed-point"), digits);
            case 'e' -> scientific(toDouble(arg, "scientific"), digits);
            case 'b' -> {
                if (arg instanceof Long l) {
                    yield Long.toString(l, 2);
                }
                if (arg instanceof UnsignedLong u) {
                    yield u.toString(2);
                }
                if (arg instanceof Boolean b) {
                    yield b ? "1" : "0";
                }
                throw formattingError("only integers and bools can be formatted as binary, was given " + typeName(arg));
            }
            case 'o' -> {
                if (arg instanceof Long l) {
                    yield Long.toString(l, 8);
                }
                if (arg instanceof UnsignedLong u) {
                    yield u.toString(8);
                }
                throw formattingError("octal clause can only be used on integers, was given " + typeName(arg));
            }
            case 'x', 'X' -> {
                String hex = hex(arg);
                yield verb == 'X' ? hex.toUpperCase(java.util.Locale.ROOT) : hex;
            }
            default -> throw clauseError("unrecognized formatting clause \"" + verb + "\"");
        };
    }

    private static String hex(Object arg) throws CelEvaluationException {
        if (arg instanceof Long l) {
            return Long.toString(l, 16);
        }
        if (arg instanceof UnsignedLong u) {
            return u.toString(16);
        }
        if (arg instanceof String s) {
            return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
        }
        if (arg instanceof CelByteString b) {
            return HexFormat.of().formatHex(b.toByteArray());
        }
        throw formattingError("only integers, byte buffers, and strings can be formatted as hex, was given "
                + typeName(arg));
    }

    private static double toDouble(Object arg, String clause) throws CelEvaluationException {
        if (arg instanceof Double d) {
            return d;
        }
        if (arg instanceof String s) {
            switch (s) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                }
            }
        }
        throw formattingError(clause + " clause can only be used on doubles, was given " + typeName(arg));
    }

    /** The {@code %s} text of a value: CEL's string conversion; lists and maps as CEL literals. */
    static String formatString(Object arg) throws CelEvaluationException {
        if (arg instanceof String s) {
            return s;
        }
        if (arg instanceof Long || arg instanceof UnsignedLong || arg instanceof Boolean) {
            return arg.toString();
        }
        if (arg instanceof Double d) {
            return shortest(d);
        }
        if (arg instanceof CelByteString b) {
            return b.toStringUtf8();
        }
        if (arg instanceof NullValue) {
            return "null";
        }
        if (arg instanceof Instant t) {
            return timestamp(t);
        }
        if (arg instanceof Duration d) {
            return duration(d);
        }
        if (arg instanceof TypeType t) {
            return t.parameters().isEmpty() ? t.name() : t.parameters().get(0).name();
        }
        if (arg instanceof List<?> list) {
            return formatList(list);
        }
        if (arg instanceof Map<?, ?> map) {
            return formatMap(map);
        }
        throw formattingError("string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists,"
                + " types, durations, and timestamps, was given " + typeName(arg));
    }

    private static String formatList(List<?> list) throws CelEvaluationException {
        CostBudget.charge(list.size());
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(literal(list.get(i)));
        }
        return out.append(']').toString();
    }

    private static String formatMap(Map<?, ?> map) throws CelEvaluationException {
        CostBudget.charge(map.size());
        List<String[]> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            if (!(key instanceof String || key instanceof Boolean || key instanceof Long
                    || key instanceof UnsignedLong)) {
                throw formattingError("no formatting function for map key of type " + typeName(key));
            }
            entries.add(new String[] {literal(key), literal(entry.getValue())});
        }
        entries.sort((a, b) -> CelValues.compareCodePoints(a[0], b[0]));
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(entries.get(i)[0]).append(':').append(entries.get(i)[1]);
        }
        return out.append('}').toString();
    }

    /** A list element or map entry, written as a CEL literal the way cel-go does. */
    private static String literal(Object value) throws CelEvaluationException {
        if (value instanceof String s) {
            return CelValues.goQuote(s);
        }
        if (value instanceof CelByteString b) {
            return "b" + CelValues.goQuote(b.toStringUtf8());
        }
        if (value instanceof Double d) {
            String text = fixed(d, DEFAULT_PRECISION);
            return d.isNaN() || d.isInfinite() ? CelValues.goQuote(text) : text;
        }
        if (value instanceof Instant t) {
            return "timestamp(" + CelValues.goQuote(timestamp(t)) + ")";
        }
        if (value instanceof Duration d) {
            return "duration(" + CelValues.goQuote(duration(d)) + ")";
        }
        if (value instanceof TypeType || value instanceof Long || value instanceof UnsignedLong
                || value instanceof Boolean || value instanceof NullValue || value instanceof List
                || value instanceof Map) {
            return formatString(value);
        }
        throw formattingError("no formatting function for " + typeName(value));
    }

    /** Go's {@code %.Nf}. */
    static String fixed(double value, int precision) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        String text = new BigDecimal(value).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return isNegative(value) && !text.startsWith("-") ? "-" + text : text;
    }

    /** Go's {@code %.Ne}: one digit, N decimals, an exponent of at least two digits. */
    static String scientific(double value, int precision) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        String sign = isNegative(value) ? "-" : "";
        String digits;
        int exponent;
        if (value == 0) {
            digits = "0".repeat(precision + 1);
            exponent = 0;
        } else {
            BigDecimal rounded = new BigDecimal(Math.abs(value)).round(new MathContext(precision + 1,
                    RoundingMode.HALF_EVEN));
            digits = rounded.unscaledValue().toString();
            exponent = digits.length() - rounded.scale() - 1;
            digits = digits.length() > precision + 1 ? digits.substring(0, precision + 1)
                    : digits + "0".repeat(precision + 1 - digits.length());
        }
        StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
        if (precision > 0) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        return out.append(magnitude < 10 ? "0" : "").append(magnitude).toString();
    }

    /** CEL's double to string, Go's {@code %g}: shortest digits, exponent form below 1e-4 and from 1e6. */
    static String shortest(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        String sign = isNegative(value) ? "-" : "";
        if (value == 0) {
            return sign + "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int pointAt = digits.length() - decimal.scale();
        int exponent = pointAt - 1;
        if (exponent < -4 || exponent >= 6) {
            StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int magnitude = Math.abs(exponent);
            return out.append('e').append(exponent < 0 ? '-' : '+').append(magnitude < 10 ? "0" : "")
                    .append(magnitude).toString();
        }
        if (pointAt <= 0) {
            return sign + "0." + "0".repeat(-pointAt) + digits;
        }
        if (pointAt >= digits.length()) {
            return sign + digits + "0".repeat(pointAt - digits.length());
        }
        return sign + digits.substring(0, pointAt) + "." + digits.substring(pointAt);
    }

    private static boolean isNegative(double value) {
        return Double.doubleToRawLongBits(value) < 0;
    }

    /** Go's RFC 3339 with nanoseconds, trailing zeros dropped: CEL's timestamp to string. */
    static String timestamp(Instant instant) {
        LocalDateTime time = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d", time.getYear(), time.getMonthValue(),
                time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond());
        if (time.getNano() != 0) {
            text += "." + String.format("%09d", time.getNano()).replaceAll("0+$", "");
        }
        return text + "Z";
    }

    /** CEL's duration to string: seconds with the fraction needed, and "s". */
    static String duration(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
        return (seconds.signum() == 0 ? "0" : seconds.stripTrailingZeros().toPlainString()) + "s";
    }

    private static String typeName(Object value) {
        return CelValues.typeName(value);
    }

    private static CelEvaluationException clauseError(String message) {
        return new CelEvaluationException("could not parse formatting clause: " + message);
    }

    private static CelEvaluationException formattingError(String message) {
        return new CelEvaluationException("error during formatting: " + message);
    }
}
