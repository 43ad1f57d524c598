package dev.celador.engine.match;

import dev.celador.engine.AdmissionRequest;
import dev.celador.policy.PolicyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which policy exceptions apply to a request for one policy: unexpired at `now`, naming the
 * policy, and matching the request on every field the exception sets. Runs beside the binding
 * match, after it, so an exception is only ever consulted for a policy that applies.
 */
public final class ExceptionMatcher {

    private ExceptionMatcher() {
    }

    /** The exceptions that apply, in the order given (callers pass them sorted by id). */
    public static List<PolicyException> applying(List<PolicyException> exceptions, String policy, AdmissionRequest request,
            Instant now) {
        List<PolicyException> out = null;
        for (PolicyException e : exceptions) {
            if (e.target(policy) != null && !e.isExpired(now) && matches(e.match(), request)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(e);
            }
        }
        return out == null ? List.of() : out;
    }

    public static boolean matches(PolicyException.Match match, AdmissionRequest request) {
        if (!match.operations().isEmpty() && !match.operations().contains(request.operation())) {
            return false;
        }
        if (!match.kinds().isEmpty() && match.kinds().stream().noneMatch(k -> kindMatches(k, request))) {
            return false;
        }
        if (!match.namespaces().isEmpty() && match.namespaces().stream().noneMatch(g -> Glob.matches(g, request.namespace()))) {
            return false;
        }
        if (!match.names().isEmpty()) {
            String name = nameOf(request);
            if (match.names().stream().noneMatch(g -> Glob.matches(g, name))) {
                return false;
            }
        }
        return selectorMatches(match, request);
    }

    /**
     * The labels must be on the object as written (the stored one on DELETE) and, on UPDATE, on the
     * stored object too: a label added in the same update that needs the exception does not count,
     * so a selector exempts objects that were created (or relabelled) under the exception's terms.
     */
    private static boolean selectorMatches(PolicyException.Match match, AdmissionRequest request) {
        if (match.selector().isEmpty()) {
            return true;
        }
        boolean ok = true;
        if (request.object() != null) {
            ok = match.selector().matches(request.labels(false));
        }
        if (ok && request.oldObject() != null) {
            ok = match.selector().matches(request.labels(true));
        }
        return ok && (request.object() != null || request.oldObject() != null);
    }

    /** "Kind" matches that kind in any group; "group/Kind" only in that group. */
    private static boolean kindMatches(String entry, AdmissionRequest request) {
        int slash = entry.indexOf('/');
        if (slash < 0) {
            return entry.equals(request.kind());
        }
        return entry.substring(0, slash).equals(request.kindGroup()) && entry.substring(slash + 1).equals(request.kind());
    }

    private static String nameOf(AdmissionRequest request) {
        if (!request.name().isEmpty()) {
            return request.name();
        }
        var object = request.object() != null ? request.object() : request.oldObject();
        return object == null ? "" : object.path("metadata").path("name").asText("");
    }

    /** `*` matches any run of characters (none included); every other character matches itself. */
    static final class Glob {

        private Glob() {
        }

        static boolean matches(String glob, String text) {
            if (glob.indexOf('*') < 0) {
                return glob.equals(text);
            }
            // Iterative wildcard match: linear in practice, no regex built from user input.
            int g = 0;
            int t = 0;
            int star = -1;
            int mark = 0;
            while (t < text.length()) {
                if (g < glob.length() && glob.charAt(g) != '*' && glob.charAt(g) == text.charAt(t)) {
                    g++;
                    t++;
                } else if (g < glob.length() && glob.charAt(g) == '*') {
                    star = g++;
                    mark = t;
                } else if (star >= 0) {
                    g = star + 1;
                    t = ++mark;
                } else {
                    return false;
                }
            }
            while (g < glob.length() && glob.charAt(g) == '*') {
                g++;
            }
            return g == glob.length();
        }
    }
}
