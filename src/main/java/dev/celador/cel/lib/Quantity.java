package dev.celador.cel.lib;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A Kubernetes resource quantity (the CEL type {@code kubernetes.Quantity}): an exact decimal value,
 * immutable. Equality and ordering compare numeric values, so {@code 1} equals {@code 1000m}.
 *
 * <p>Like the API server, a quantity remembers whether it is held as a small integer with a
 * power-of-ten exponent ("compact") or as an arbitrary decimal. That only shows in
 * {@link #asLong()}, which, as in Kubernetes, succeeds for compact values with a non-negative
 * exponent: {@code 1000m} is whole but not convertible, {@code 1k} and {@code 1000} are.
 */
public final class Quantity implements Comparable<Quantity> {

    /** Decimal digits a value may need before arithmetic on it is refused (guards memory and time). */
    static final int MAX_DIGITS = 100_000;

    private static final int NANO_DIGITS = 9;
    private static final int MAX_COMPACT_DIGITS = 18;
    private static final String SUFFIX_LETTERS = "eEinumkKMGTP";
    private static final BigDecimal BINARY_CAP = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final double[] POWERS_OF_TEN = powersOfTen();
    private static final int MIN_POWER = -323;
    private static final int MAX_POWER = 308;

    static final Quantity ZERO = new Quantity(BigDecimal.ZERO, true);

    /** The value; for a compact quantity the unscaled part fits a long and the scale is the negated exponent. */
    private final BigDecimal amount;
    private final boolean compact;

    private Quantity(BigDecimal amount, boolean compact) {
        this.amount = amount;
        this.compact = compact;
    }

    /** A whole number, held compact, as Kubernetes does for integers added to or taken from a quantity. */
    public static Quantity of(long value) {
        return new Quantity(BigDecimal.valueOf(value), true);
    }

    /**
     * Parses a quantity: an optional sign, digits with an optional fraction, then one suffix
     * (n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or e/E with a signed integer exponent). No whitespace.
     * Values finer than a nano are rounded up (away from zero); binary values are capped at 2^63-1.
     */
    public static Quantity parse(String text) throws InvalidQuantityException {
        if (text.isEmpty()) {
            throw new InvalidQuantityException(text, "the string is empty");
        }
        if (text.equals("0")) {
            return ZERO;
        }
        int end = text.length();
        int pos = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            pos++;
        }
        while (pos < end && text.charAt(pos) == '0') {
            pos++;
        }
        if (pos == end) {
            return ZERO;
        }
        int numStart = pos;
        while (pos < end && isDigit(text.charAt(pos))) {
            pos++;
        }
        String num = pos == numStart ? "0" : text.substring(numStart, pos);
        String fraction = "";
        if (pos < end && text.charAt(pos) == '.') {
            pos++;
            int fractionStart = pos;
            while (pos < end && isDigit(text.charAt(pos))) {
                pos++;
            }
            fraction = text.substring(fractionStart, pos);
        }
        boolean hasDigits = hasDigit(text, 0, pos);
        String suffix = text.substring(pos);
        checkSuffixShape(text, suffix);
        Scaling scaling = Scaling.of(text, suffix);

        Quantity compactValue = compactParse(num, fraction, negative, scaling);
        if (compactValue != null) {
            return compactValue;
        }
        if (!hasDigits) {
            throw new InvalidQuantityException(text, "the number has no digits");
        }
        return decimalParse(text, num, fraction, negative, scaling);
    }

    /** A suffix is letters from a fixed set, then an optional sign and digits; anything else is malformed. */
    private static void checkSuffixShape(String text, String suffix) throws InvalidQuantityException {
        int i = 0;
        while (i < suffix.length() && SUFFIX_LETTERS.indexOf(suffix.charAt(i)) >= 0) {
            i++;
        }
        if (i < suffix.length() && (suffix.charAt(i) == '-' || suffix.charAt(i) == '+')) {
            i++;
        }
        while (i < suffix.length() && isDigit(suffix.charAt(i))) {
            i++;
        }
        if (i < suffix.length()) {
            throw new InvalidQuantityException(text,
                    "expected a number followed by a suffix (n, u, m, k, M, G, T, P, E, Ki..Ei or an exponent such as e3)");
        }
    }

    /** Small values stay compact: a long and a power-of-ten exponent. Null when they do not fit. */
    private static Quantity compactParse(String num, String fraction, boolean negative, Scaling scaling) {
        int digits = num.length() + fraction.length();
        long exponent;
        long multiplier = 1;
        int precision;
        if (scaling.binary()) {
            if (!fraction.isEmpty()) {
                return null;
            }
            exponent = 0;
            multiplier = 1L << scaling.exponent();
            precision = 15 - num.length() - (int) (scaling.exponent() * 3f / 10) - 1;
        } else {
            exponent = (long) scaling.exponent() - fraction.length();
            precision = MAX_COMPACT_DIGITS - digits;
        }
        if (precision < 0 || exponent < -NANO_DIGITS) {
            return null;
        }
        long value;
        try {
            value = Math.multiplyExact(Long.parseLong(num + fraction), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
        return new Quantity(BigDecimal.valueOf(negative ? -value : value, Math.toIntExact(-exponent)), true);
    }

    private static Quantity decimalParse(String text, String num, String fraction, boolean negative, Scaling scaling)
            throws InvalidQuantityException {
        BigInteger unscaled = new BigInteger(num + fraction);
        long scale = fraction.length();
        if (scaling.binary()) {
            unscaled = unscaled.shiftLeft(scaling.exponent());
        } else {
            scale -= scaling.exponent();
        }
        BigDecimal magnitude;
        if (unscaled.signum() == 0) {
            magnitude = BigDecimal.ZERO;
        } else if (scale - NANO_DIGITS > unscaled.toString().length()) {
            // Far below a nano: rounding up leaves the smallest step.
            magnitude = BigDecimal.valueOf(1, NANO_DIGITS);
        } else {
            long integerDigits = unscaled.toString().length() - scale;
            if (integerDigits + NANO_DIGITS > MAX_DIGITS) {
                throw new InvalidQuantityException(text, "the value has more than " + MAX_DIGITS + " digits");
            }
            magnitude = new BigDecimal(unscaled, (int) scale).setScale(NANO_DIGITS, RoundingMode.UP);
        }
        if (scaling.binary() && magnitude.compareTo(BINARY_CAP) > 0) {
            magnitude = BINARY_CAP;
        }
        return new Quantity(negative ? magnitude.negate() : magnitude, false);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hasDigit(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** What a suffix means: a power of ten, or of two for the binary suffixes. */
    private record Scaling(boolean binary, int exponent) {

        static Scaling of(String text, String suffix) throws InvalidQuantityException {
            switch (suffix) {
                case "": return new Scaling(false, 0);
                case "n": return new Scaling(false, -9);
                case "u": return new Scaling(false, -6);
                case "m": return new Scaling(false, -3);
                case "k": return new Scaling(false, 3);
                case "M": return new Scaling(false, 6);
                case "G": return new Scaling(false, 9);
                case "T": return new Scaling(false, 12);
                case "P": return new Scaling(false, 15);
                case "E": return new Scaling(false, 18);
                case "Ki": return new Scaling(true, 10);
                case "Mi": return new Scaling(true, 20);
                case "Gi": return new Scaling(true, 30);
                case "Ti": return new Scaling(true, 40);
                case "Pi": return new Scaling(true, 50);
                case "Ei": return new Scaling(true, 60);
                default: break;
            }
            if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
                try {
                    // Kubernetes keeps the exponent as a 32-bit integer, truncating larger ones.
                    return new Scaling(false, (int) Long.parseLong(suffix.substring(1)));
                } catch (NumberFormatException e) {
                    throw new InvalidQuantityException(text, "the exponent '" + suffix + "' is not an integer");
                }
            }
            throw new InvalidQuantityException(text, "unknown suffix '" + suffix + "'");
        }
    }

    public int sign() {
        return amount.signum();
    }

    /** True when {@link #asLong()} would succeed. */
    public boolean isLong() {
        return longValue() != null;
    }

    /** The value as a long, or an exception when it is held as a decimal, has a fraction exponent or overflows. */
    public long asLong() throws ArithmeticException {
        Long value = longValue();
        if (value == null) {
            throw new ArithmeticException("cannot convert quantity to an integer");
        }
        return value;
    }

    private Long longValue() {
        if (!compact || amount.scale() > 0) {
            return null;
        }
        if (amount.scale() == 0) {
            return amount.unscaledValue().longValue();
        }
        if (amount.signum() == 0) {
            return 0L;
        }
        if (-(long) amount.scale() > 19) {
            return null;
        }
        try {
            return amount.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The unscaled part times ten to the exponent, in double arithmetic (may lose precision, or be infinite). */
    public double asApproximateDouble() {
        if (amount.signum() == 0) {
            return 0.0;
        }
        double base = amount.unscaledValue().doubleValue();
        long exponent = -(long) amount.scale();
        if (exponent == 0) {
            return base;
        }
        return base * powerOfTen(exponent);
    }

    private static double powerOfTen(long exponent) {
        if (exponent < MIN_POWER) {
            return 0.0;
        }
        if (exponent > MAX_POWER) {
            return Double.POSITIVE_INFINITY;
        }
        return POWERS_OF_TEN[(int) exponent - MIN_POWER];
    }

    private static double[] powersOfTen() {
        double[] powers = new double[MAX_POWER - MIN_POWER + 1];
        for (int e = MIN_POWER; e <= MAX_POWER; e++) {
            powers[e - MIN_POWER] = Double.parseDouble("1e" + e);
        }
        return powers;
    }

    public Quantity add(Quantity other) throws ArithmeticException {
        if (compact && other.compact) {
            Quantity sum = compactAdd(amount, other.amount);
            if (sum != null) {
                return sum;
            }
        }
        checkAlignable(other);
        return new Quantity(amount.add(other.amount), false);
    }

    public Quantity subtract(Quantity other) throws ArithmeticException {
        if (compact && other.compact && other.amount.unscaledValue().longValue() != Long.MIN_VALUE) {
            Quantity difference = compactAdd(amount, other.amount.negate());
            if (difference != null) {
                return difference;
            }
        }
        checkAlignable(other);
        return new Quantity(amount.subtract(other.amount), false);
    }

    /** Adds two compact values at the finer of their exponents; null when the result leaves a long. */
    private static Quantity compactAdd(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            return new Quantity(a, true);
        }
        if (a.signum() == 0) {
            return new Quantity(b, true);
        }
        int scale = Math.max(a.scale(), b.scale());
        try {
            long x = alignedUnscaled(a, scale);
            long y = alignedUnscaled(b, scale);
            return new Quantity(BigDecimal.valueOf(Math.addExact(x, y), scale), true);
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static long alignedUnscaled(BigDecimal value, int scale) {
        long unscaled = value.unscaledValue().longValueExact();
        long shift = (long) scale - value.scale();
        for (long i = 0; i < shift; i++) {
            unscaled = Math.multiplyExact(unscaled, 10L);
        }
        return unscaled;
    }

    /** Refuses decimal arithmetic whose aligned result would need more than MAX_DIGITS digits. */
    private void checkAlignable(Quantity other) throws ArithmeticException {
        long digits = resultDigits(other);
        if (digits > MAX_DIGITS) {
            throw new ArithmeticException("quantity arithmetic result would need more than " + MAX_DIGITS + " digits");
        }
    }

    /** Digits of the aligned sum or difference, give or take one. */
    long resultDigits(Quantity other) {
        long scale = Math.max(amount.scale(), other.amount.scale());
        long integerDigits = Math.max(integerDigits(amount), integerDigits(other.amount));
        return Math.max(1, integerDigits + scale + 1);
    }

    private static long integerDigits(BigDecimal value) {
        return value.signum() == 0 ? 0 : (long) value.precision() - value.scale();
    }

    @Override
    public int compareTo(Quantity other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && amount.compareTo(q.amount) == 0;
    }

    @Override
    public int hashCode() {
        return amount.signum() == 0 ? 0 : amount.stripTrailingZeros().hashCode();
    }

    /** The exact value in plain or scientific decimal notation, for messages and debugging. */
    @Override
    public String toString() {
        return amount.stripTrailingZeros().toString();
    }

    /** Thrown for a string that is not a quantity. */
    public static final class InvalidQuantityException extends Exception {
        InvalidQuantityException(String text, String reason) {
            super("invalid quantity '" + text + "': " + reason);
        }
    }
}
