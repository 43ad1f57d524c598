package dev.celador.cel.lib;

import dev.cel.runtime.CelEvaluationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A URL as the Kubernetes {@code url()} function accepts it: what Go's {@code url.ParseRequestURI}
 * accepts (an absolute URI or an absolute path), with its parts taken as Go's {@code url.Parse}
 * reads them (so a fragment is dropped rather than glued onto the path or query). Nothing is
 * resolved or fetched. Immutable; {@code ==} in CEL compares the parsed parts.
 */
public final class Url {

    private enum Part { HOST, ZONE, PATH, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT }

    private final String scheme;
    private final String userinfo;
    private final String host;
    private final String escapedPath;
    private final String rawQuery;
    private final String fragment;

    private Url(String scheme, String userinfo, String host, String escapedPath, String rawQuery, String fragment) {
        this.scheme = scheme;
        this.userinfo = userinfo;
        this.host = host;
        this.escapedPath = escapedPath;
        this.rawQuery = rawQuery;
        this.fragment = fragment;
    }

    /** Parses a URL the way Kubernetes' {@code url()} does, or throws with the reason. */
    public static Url parse(String text) throws CelEvaluationException {
        try {
            parse(text, true);
            int hash = text.indexOf('#');
            Url url = parse(hash < 0 ? text : text.substring(0, hash), false);
            if (hash < 0) {
                return url;
            }
            String fragment = decode(unescape(text.substring(hash + 1), Part.FRAGMENT));
            return new Url(url.scheme, url.userinfo, url.host, url.escapedPath, url.rawQuery, fragment);
        } catch (IllegalArgumentException e) {
            // The input stays out of the message: it may carry a password.
            throw new CelEvaluationException("invalid URL: " + e.getMessage());
        }
    }

    /** True when Go's {@code url.ParseRequestURI} accepts the text, as Kubernetes' {@code isURL()}. */
    public static boolean isValid(String text) {
        try {
            parse(text, true);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public String scheme() {
        return scheme;
    }

    /** Host and port as written (percent-decoded), IPv6 literals in brackets; empty when absent. */
    public String host() {
        return host;
    }

    /** The host without port and without IPv6 brackets. */
    public String hostname() {
        String name = host;
        int colon = name.lastIndexOf(':');
        if (colon >= 0 && isOptionalPort(name.substring(colon))) {
            name = name.substring(0, colon);
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name;
    }

    /** The port digits, empty when absent. */
    public String port() {
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && isOptionalPort(host.substring(colon))) {
            return host.substring(colon + 1);
        }
        return "";
    }

    public String escapedPath() {
        return escapedPath;
    }

    String rawQuery() {
        return rawQuery;
    }

    /**
     * Query parameters, each key with all its values in order of appearance; keys and values are
     * decoded ({@code +} is a space). Pairs Go would skip (bad escapes, semicolons) are skipped.
     */
    public Map<String, List<String>> query() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty() || pair.indexOf(';') >= 0) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                key = decode(unescape(key, Part.QUERY_COMPONENT));
                value = decode(unescape(value, Part.QUERY_COMPONENT));
            } catch (IllegalArgumentException e) {
                continue;
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        values.forEach((key, list) -> frozen.put(key, List.copyOf(list)));
        return Collections.unmodifiableMap(frozen);
    }

    // --- parsing, after Go's net/url ---

    private static Url parse(String text, boolean viaRequest) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in URL");
            }
        }
        if (text.isEmpty() && viaRequest) {
            throw new IllegalArgumentException("empty URL");
        }
        if (text.equals("*")) {
            return new Url("", "", "", "*", "", "");
        }
        String scheme = "";
        String rest = text;
        int schemeEnd = schemeEnd(text);
        if (schemeEnd == 0) {
            throw new IllegalArgumentException("missing protocol scheme");
        }
        if (schemeEnd > 0) {
            scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            rest = text.substring(schemeEnd + 1);
        }
        String rawQuery = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            rawQuery = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                // A rootless path after a scheme (mailto:x) is opaque: no host and no path.
                return new Url(scheme, "", "", "", rawQuery, "");
            }
            if (viaRequest) {
                throw new IllegalArgumentException("neither an absolute URI nor an absolute path");
            }
            int slash = rest.indexOf('/');
            if ((slash < 0 ? rest : rest.substring(0, slash)).indexOf(':') >= 0) {
                throw new IllegalArgumentException("first path segment of a relative URL contains a colon");
            }
        }
        String host = "";
        String userinfo = "";
        if ((!scheme.isEmpty() || !viaRequest && !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            int at = authority.lastIndexOf('@');
            host = parseHost(at < 0 ? authority : authority.substring(at + 1));
            if (at >= 0) {
                userinfo = parseUserinfo(authority.substring(0, at));
            }
        }
        byte[] path = unescape(rest, Part.PATH);
        String escapedPath = isValidEncodedPath(rest) ? rest : escapePath(path);
        return new Url(scheme, userinfo, host, escapedPath, rawQuery, "");
    }

    /** Index of the colon ending a scheme, 0 for a leading colon, -1 when there is no scheme. */
    private static int schemeEnd(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                continue;
            }
            if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return -1;
                }
                continue;
            }
            return c == ':' ? i : -1;
        }
        return -1;
    }

    /** Checks user information (user or user:password) and returns it as written. */
    private static String parseUserinfo(String userinfo) {
        for (int i = 0; i < userinfo.length(); i++) {
            char c = userinfo.charAt(i);
            if (!isAsciiAlphanumeric(c) && "-._:~!$&'()*+,;=%@".indexOf(c) < 0) {
                throw new IllegalArgumentException("invalid character in user information");
            }
        }
        int colon = userinfo.indexOf(':');
        unescape(colon < 0 ? userinfo : userinfo.substring(0, colon), Part.USER_PASSWORD);
        if (colon >= 0) {
            unescape(userinfo.substring(colon + 1), Part.USER_PASSWORD);
        }
        return userinfo;
    }

    private static String parseHost(String host) {
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in host");
            }
            String colonPort = host.substring(close + 1);
            if (!isOptionalPort(colonPort)) {
                throw new IllegalArgumentException("invalid port " + IpAddress.quote(colonPort) + " after host");
            }
            int zone = host.substring(0, close).indexOf("%25");
            if (zone >= 0) {
                return decode(unescape(host.substring(0, zone), Part.HOST))
                        + decode(unescape(host.substring(zone, close), Part.ZONE))
                        + decode(unescape(host.substring(close), Part.HOST));
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !isOptionalPort(host.substring(colon))) {
                throw new IllegalArgumentException(
                        "invalid port " + IpAddress.quote(host.substring(colon)) + " after host");
            }
        }
        return decode(unescape(host, Part.HOST));
    }

    /** Empty, or a colon followed by digits only (possibly none). */
    private static boolean isOptionalPort(String colonPort) {
        if (colonPort.isEmpty()) {
            return true;
        }
        if (colonPort.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < colonPort.length(); i++) {
            char c = colonPort.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Checks the percent escapes of one part and decodes it to bytes. */
    private static byte[] unescape(String text, Part part) {
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
                    String bad = text.substring(i, Math.min(text.length(), i + 3));
                    throw new IllegalArgumentException("invalid URL escape " + IpAddress.quote(bad));
                }
                boolean percent25 = text.startsWith("%25", i);
                if (part == Part.HOST && hex(text.charAt(i + 1)) < 8 && !percent25) {
                    throw new IllegalArgumentException("invalid URL escape " + IpAddress.quote(text.substring(i, i + 3))
                            + " (hosts may escape only non-ASCII bytes)");
                }
                if (part == Part.ZONE) {
                    int value = hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2));
                    if (!percent25 && value != ' ' && !isHostCharacter((char) value)) {
                        throw new IllegalArgumentException("invalid URL escape " + IpAddress.quote(text.substring(i, i + 3)));
                    }
                }
                i += 3;
            } else {
                if ((part == Part.HOST || part == Part.ZONE) && c < 0x80 && !isHostCharacter(c)) {
                    throw new IllegalArgumentException("invalid character " + IpAddress.quote(String.valueOf(c)) + " in host name");
                }
                i++;
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%') {
                out.write(hex((char) bytes[i + 1]) << 4 | hex((char) bytes[i + 2]));
                i += 2;
            } else if (bytes[i] == '+' && part == Part.QUERY_COMPONENT) {
                out.write(' ');
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    /** ASCII characters a host may contain unescaped (Go also lets through {@code [ ] < > "}). */
    private static boolean isHostCharacter(char c) {
        return isAsciiAlphanumeric(c) || "-_.~!$&'()*+,;=:[]<>\"".indexOf(c) >= 0;
    }

    /** True when the path text needs no re-escaping: only path characters and percent escapes. */
    private static boolean isValidEncodedPath(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("!$&'()*+,;=:@[]%".indexOf(c) < 0 && !isUnescapedPathCharacter(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnescapedPathCharacter(int c) {
        return c < 0x80 && (isAsciiAlphanumeric((char) c) || "-_.~$&+,/:;=@".indexOf(c) >= 0);
    }

    private static String escapePath(byte[] path) {
        StringBuilder out = new StringBuilder(path.length);
        for (byte b : path) {
            int c = b & 0xff;
            if (isUnescapedPathCharacter(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Scheme, host and path only: user information never reaches a log. */
    @Override
    public String toString() {
        return (scheme.isEmpty() ? "" : scheme + ":") + (host.isEmpty() ? "" : "//" + host) + escapedPath;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Url that && scheme.equals(that.scheme) && userinfo.equals(that.userinfo)
                && host.equals(that.host) && escapedPath.equals(that.escapedPath) && rawQuery.equals(that.rawQuery)
                && fragment.equals(that.fragment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, userinfo, host, escapedPath, rawQuery, fragment);
    }
}
