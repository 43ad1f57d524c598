package dev.celador.cel.lib;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.TypeType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Value helpers shared by this package's libraries: CEL equality, type names, number conversion. */
final class CelValues {

    private CelValues() {
    }

    static BigDecimal toBigDecimal(Object number) {
        if (number instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (number instanceof UnsignedLong u) {
            return new BigDecimal(u.bigIntegerValue());
        }
        return new BigDecimal((Double) number);
    }

    /** Orders strings by code point, which is the UTF-8 byte order Go uses. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** CEL equality: numbers equal across int, uint and double; lists and maps compared deeply. */
    static boolean equal(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double x && x.isNaN() || b instanceof Double y && y.isNaN()) {
                return false;
            }
            if (a instanceof Double x && x.isInfinite() || b instanceof Double y && y.isInfinite()) {
                return a.equals(b);
            }
            return toBigDecimal(a).compareTo(toBigDecimal(b)) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                if (!y.containsKey(entry.getKey()) || !equal(entry.getValue(), y.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    static String typeName(Object value) {
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof UnsignedLong) {
            return "uint";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof CelByteString) {
            return "bytes";
        }
        if (value instanceof Duration) {
            return "google.protobuf.Duration";
        }
        if (value instanceof Instant) {
            return "google.protobuf.Timestamp";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof NullValue) {
            return "null_type";
        }
        if (value instanceof TypeType) {
            return "type";
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof Double || value instanceof UnsignedLong;
    }

    /** Go's {@code strconv.Quote} (the {@code %q} verb): double quotes, Go escapes for the rest. */
    static String goQuote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case 0x07 -> quoted.append("\\a");
                case '\b' -> quoted.append("\\b");
                case '\f' -> quoted.append("\\f");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case 0x0b -> quoted.append("\\v");
                default -> {
                    if (isGoPrintable(c)) {
                        quoted.appendCodePoint(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\x%02x", c));
                    } else if (c < 0x10000) {
                        quoted.append(String.format("\\u%04x", c));
                    } else {
                        quoted.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }

    private static boolean isGoPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
