package dev.celador.cel.lib;

import java.util.ArrayList;
import java.util.List;

/**
 * A semantic version 2.0.0 (the CEL type {@code kubernetes.Semver}), immutable. Ordering and
 * equality follow semver precedence: build metadata is ignored, a pre-release sorts before its
 * release. Version numbers are unsigned 64-bit, as in the Go library Kubernetes uses.
 */
public final class Semver implements Comparable<Semver> {

    private static final String DIGITS = "0123456789";

    private final long major;
    private final long minor;
    private final long patch;
    private final List<Identifier> preRelease;
    private final List<String> build;

    private Semver(long major, long minor, long patch, List<Identifier> preRelease, List<String> build) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = List.copyOf(preRelease);
        this.build = List.copyOf(build);
    }

    /** Parses a strict {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}; no leading v, zeros or whitespace. */
    public static Semver parse(String text) throws InvalidSemverException {
        if (text.isEmpty()) {
            throw new InvalidSemverException(text, "the string is empty");
        }
        String[] parts = text.split("\\.", 3);
        if (parts.length != 3) {
            throw new InvalidSemverException(text, "expected MAJOR.MINOR.PATCH");
        }
        long major = versionNumber(text, parts[0], "major");
        long minor = versionNumber(text, parts[1], "minor");
        String rest = parts[2];
        List<String> build = new ArrayList<>();
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            for (String field : rest.substring(plus + 1).split("\\.", -1)) {
                if (field.isEmpty()) {
                    throw new InvalidSemverException(text, "build metadata has an empty field");
                }
                if (!isAlphanumeric(field)) {
                    throw new InvalidSemverException(text, "build metadata '" + field + "' has characters other than [0-9A-Za-z-]");
                }
                build.add(field);
            }
            rest = rest.substring(0, plus);
        }
        List<Identifier> preRelease = new ArrayList<>();
        int dash = rest.indexOf('-');
        if (dash >= 0) {
            for (String field : rest.substring(dash + 1).split("\\.", -1)) {
                preRelease.add(Identifier.parse(text, field));
            }
            rest = rest.substring(0, dash);
        }
        long patch = versionNumber(text, rest, "patch");
        return new Semver(major, minor, patch, preRelease, build);
    }

    /**
     * Parses leniently: drops one leading {@code v}, strips leading zeros from the major, minor
     * and patch fields, and fills a missing minor or patch with 0 (a shortened version may not
     * carry pre-release or build parts). The result must then be a strict semver.
     */
    public static Semver parseNormalized(String text) throws InvalidSemverException {
        String s = text.startsWith("v") ? text.substring(1) : text;
        List<String> parts = new ArrayList<>(List.of(s.split("\\.", 3)));
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.length() > 1) {
                int firstNonZero = 0;
                while (firstNonZero < part.length() && part.charAt(firstNonZero) == '0') {
                    firstNonZero++;
                }
                String trimmed = part.substring(firstNonZero);
                if (trimmed.isEmpty() || DIGITS.indexOf(trimmed.charAt(0)) < 0) {
                    trimmed = "0" + trimmed;
                }
                parts.set(i, trimmed);
            }
        }
        if (parts.size() < 3) {
            String last = parts.get(parts.size() - 1);
            if (last.indexOf('+') >= 0 || last.indexOf('-') >= 0) {
                throw new InvalidSemverException(text, "a shortened version cannot carry pre-release or build metadata");
            }
            while (parts.size() < 3) {
                parts.add("0");
            }
        }
        try {
            return parse(String.join(".", parts));
        } catch (InvalidSemverException e) {
            throw new InvalidSemverException(text, e.reason());
        }
    }

    private static long versionNumber(String text, String field, String name) throws InvalidSemverException {
        if (!containsOnly(field, DIGITS)) {
            throw new InvalidSemverException(text, "the " + name + " version '" + field + "' is not a number");
        }
        if (field.length() > 1 && field.charAt(0) == '0') {
            throw new InvalidSemverException(text, "the " + name + " version '" + field + "' has a leading zero");
        }
        return unsigned(text, field, name + " version");
    }

    private static long unsigned(String text, String digits, String what) throws InvalidSemverException {
        if (digits.isEmpty()) {
            throw new InvalidSemverException(text, "the " + what + " is empty");
        }
        try {
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            throw new InvalidSemverException(text, "the " + what + " '" + digits + "' is larger than 2^64-1");
        }
    }

    private static boolean containsOnly(String s, String allowed) {
        for (int i = 0; i < s.length(); i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The major version; above 2^63-1 it wraps negative, as the API server's int conversion does. */
    public long major() {
        return major;
    }

    public long minor() {
        return minor;
    }

    public long patch() {
        return patch;
    }

    @Override
    public int compareTo(Semver other) {
        int c = Long.compareUnsigned(major, other.major);
        if (c == 0) {
            c = Long.compareUnsigned(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compareUnsigned(patch, other.patch);
        }
        if (c != 0) {
            return Integer.signum(c);
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            // A release outranks any of its pre-releases.
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        int common = Math.min(preRelease.size(), other.preRelease.size());
        for (int i = 0; i < common; i++) {
            int d = preRelease.get(i).compareTo(other.preRelease.get(i));
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Semver v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(major) * 961 + Long.hashCode(minor) * 31 + Long.hashCode(patch) + preRelease.hashCode() * 29791;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder()
                .append(Long.toUnsignedString(major)).append('.')
                .append(Long.toUnsignedString(minor)).append('.')
                .append(Long.toUnsignedString(patch));
        if (!preRelease.isEmpty()) {
            s.append('-').append(String.join(".", preRelease.stream().map(Identifier::toString).toList()));
        }
        if (!build.isEmpty()) {
            s.append('+').append(String.join(".", build));
        }
        return s.toString();
    }

    /** One dot-separated pre-release field: numeric fields sort numerically and before alphanumeric ones. */
    private record Identifier(boolean numeric, long number, String text) implements Comparable<Identifier> {

        static Identifier parse(String version, String field) throws InvalidSemverException {
            if (field.isEmpty()) {
                throw new InvalidSemverException(version, "the pre-release has an empty field");
            }
            if (containsOnly(field, DIGITS)) {
                if (field.length() > 1 && field.charAt(0) == '0') {
                    throw new InvalidSemverException(version, "the numeric pre-release field '" + field + "' has a leading zero");
                }
                return new Identifier(true, unsigned(version, field, "pre-release field"), field);
            }
            if (!isAlphanumeric(field)) {
                throw new InvalidSemverException(version, "the pre-release field '" + field + "' has characters other than [0-9A-Za-z-]");
            }
            return new Identifier(false, 0, field);
        }

        @Override
        public int compareTo(Identifier other) {
            if (numeric && other.numeric) {
                return Integer.signum(Long.compareUnsigned(number, other.number));
            }
            if (numeric != other.numeric) {
                return numeric ? -1 : 1;
            }
            return Integer.signum(text.compareTo(other.text));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Identifier i && compareTo(i) == 0;
        }

        @Override
        public int hashCode() {
            return numeric ? Long.hashCode(number) : text.hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Thrown for a string that is not a semantic version. */
    public static final class InvalidSemverException extends Exception {
        private final String reason;

        InvalidSemverException(String text, String reason) {
            super("invalid semantic version '" + text + "': " + reason);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
