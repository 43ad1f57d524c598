package dev.celador.cel.lib;

import java.util.List;

/**
 * The checks of Go's {@code url.ParseRequestURI}, which Kubernetes' {@code format.uri()} uses: an
 * absolute URI or an absolute path, no fragment handling, a valid host, port and escapes. The
 * message is Go's: {@code parse "<uri>": <reason>}.
 */
final class RequestUri {

    private RequestUri() {
    }

    static List<String> problems(String uri) {
        String reason = reason(uri);
        return reason == null ? List.of() : List.of("parse " + CelValues.goQuote(uri) + ": " + reason);
    }

    /** Why Go would reject the URI, or null when it parses. */
    private static String reason(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "net/url: invalid control character in URL";
            }
        }
        if (raw.isEmpty()) {
            return "empty url";
        }
        if (raw.equals("*")) {
            return null;
        }
        String scheme = "";
        String rest = raw;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                continue;
            }
            if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    return "missing protocol scheme";
                }
                scheme = raw.substring(0, i);
                rest = raw.substring(i + 1);
            }
            break;
        }
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1);
        } else if (rest.indexOf('?') >= 0) {
            rest = rest.substring(0, rest.indexOf('?'));
        }
        if (!rest.startsWith("/")) {
            return scheme.isEmpty() ? "invalid URI for request" : null;
        }
        if (!scheme.isEmpty() && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            String path = slash < 0 ? "" : authority.substring(slash);
            if (slash >= 0) {
                authority = authority.substring(0, slash);
            }
            String problem = authorityProblem(authority);
            if (problem != null) {
                return problem;
            }
            rest = path;
        }
        return escapeProblem(rest);
    }

    private static String authorityProblem(String authority) {
        int at = authority.lastIndexOf('@');
        String host = authority;
        if (at >= 0) {
            String userinfo = authority.substring(0, at);
            for (int i = 0; i < userinfo.length(); i++) {
                char c = userinfo.charAt(i);
                if (!(isAlphaNumeric(c) || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0)) {
                    return "net/url: invalid userinfo";
                }
            }
            String problem = escapeProblem(userinfo);
            if (problem != null) {
                return problem;
            }
            host = authority.substring(at + 1);
        }
        return hostProblem(host);
    }

    private static String hostProblem(String host) {
        String name = host;
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                return "missing ']' in host";
            }
            String port = host.substring(close + 1);
            if (!validOptionalPort(port)) {
                return "invalid port " + CelValues.goQuote(port) + " after host";
            }
            name = host.substring(0, close + 1);
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                String port = host.substring(colon);
                if (!validOptionalPort(port)) {
                    return "invalid port " + CelValues.goQuote(port) + " after host";
                }
            }
        }
        String problem = escapeProblem(name);
        if (problem != null) {
            return problem;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x80 && c != '%' && !(isAlphaNumeric(c) || "-_.~!$&'()*+,;=:[]<>\"".indexOf(c) >= 0)) {
                return "invalid character " + CelValues.goQuote(String.valueOf(c)) + " in host name";
            }
        }
        return null;
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Every '%' must start a two-hex-digit escape. */
    private static String escapeProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '%') {
                if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                    String escape = text.substring(i, Math.min(text.length(), i + 3));
                    return "invalid URL escape " + CelValues.goQuote(escape);
                }
                i += 2;
            }
        }
        return null;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isAlphaNumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
