package dev.celador.cel.lib;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.cel.CostBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes' regex library: {@code string.find(pattern)}, {@code string.findAll(pattern)} and
 * {@code string.findAll(pattern, limit)}.
 *
 * <p>Patterns are RE2, as in the API server, and run on RE2/J (the engine dev.cel itself uses for
 * {@code matches}), so matching is linear in the input: java.util.regex backtracks, and even a
 * pattern without backreferences or lookaround, such as {@code (a+)+$}, takes exponential time
 * there. Constructs RE2 lacks (backreferences, lookaround, possessive quantifiers) are rejected
 * with a CEL error. Each distinct pattern is compiled once and kept in a small bounded cache.
 *
 * <p>The standard {@code matches} is bound here too, on the same cache, in place of dev.cel's
 * (which compiles the pattern on every call: a policy matching each mount path against a list
 * of patterns spent most of its time compiling them). {@link dev.celador.cel.CelEnvironment}
 * leaves dev.cel's binding out.
 */
public final class RegexLibrary implements FunctionLibrary {

    static final int CACHE_SIZE = 128;

    /**
     * Bounded, not LRU: a hit is a lock-free read. (A synchronized access-ordered map made every
     * request's worker threads queue on one lock, since each hit reorders it.) When full, an
     * arbitrary entry makes room; policies' constant patterns are re-compiled at most once then.
     */
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("find",
                        CelOverloadDecl.newMemberOverload("string_find_string", SimpleType.STRING,
                                SimpleType.STRING, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("findAll",
                        CelOverloadDecl.newMemberOverload("string_find_all_string", ListType.create(SimpleType.STRING),
                                SimpleType.STRING, SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload("string_find_all_string_int",
                                ListType.create(SimpleType.STRING), SimpleType.STRING, SimpleType.STRING,
                                SimpleType.INT)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("matches", String.class, String.class, RegexLibrary::matches),
                CelFunctionBinding.from("matches_string", String.class, String.class, RegexLibrary::matches),
                CelFunctionBinding.from("string_find_string", String.class, String.class, RegexLibrary::find),
                CelFunctionBinding.from("string_find_all_string", String.class, String.class,
                        (text, regex) -> findAll(text, regex, -1)),
                CelFunctionBinding.from("string_find_all_string_int", List.<Class<?>>of(String.class, String.class, Long.class),
                        args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
    }

    /** RE2 partial match, as the standard {@code matches}: the pattern may match anywhere. */
    static boolean matches(String text, String regex) throws CelEvaluationException {
        CostBudget.charge(1L + text.length() + regex.length());
        return compile(regex).matcher(text).find();
    }

    static String find(String text, String regex) throws CelEvaluationException {
        CostBudget.charge(1L + text.length() + regex.length());
        Matcher matcher = compile(regex).matcher(text);
        return matcher.find() ? matcher.group() : "";
    }

    /**
     * All successive non-overlapping matches, as Go's {@code FindAllString}: an empty match right
     * after the previous match is skipped, and a negative limit means no limit.
     */
    static List<String> findAll(String text, String regex, long limit) throws CelEvaluationException {
        CostBudget.charge(1L + text.length() + regex.length());
        Matcher matcher = compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        int pos = 0;
        int previousEnd = -1;
        while ((limit < 0 || found.size() < limit) && pos <= text.length() && matcher.find(pos)) {
            int start = matcher.start();
            int end = matcher.end();
            boolean accept = true;
            if (end == pos) {
                accept = start != previousEnd;
                pos += pos < text.length() ? Character.charCount(text.codePointAt(pos)) : 1;
            } else {
                pos = end;
            }
            previousEnd = end;
            if (accept) {
                found.add(text.substring(start, end));
            }
        }
        CostBudget.charge(found.size());
        return found;
    }

    static Pattern compile(String regex) throws CelEvaluationException {
        Pattern cached = CACHE.get(regex);
        if (cached != null) {
            return cached;
        }
        try {
            Pattern pattern = Pattern.compile(regex);
            if (CACHE.size() >= CACHE_SIZE) {
                CACHE.keySet().stream().findAny().ifPresent(CACHE::remove);
            }
            CACHE.put(regex, pattern);
            return pattern;
        } catch (PatternSyntaxException e) {
            throw new CelEvaluationException("Illegal regex: " + e.getMessage() + unsupportedHint(regex), e);
        } catch (RuntimeException e) {
            throw new CelEvaluationException("Illegal regex: " + e.getMessage(), e);
        }
    }

    static int cachedPatterns() {
        return CACHE.size();
    }

    private static String unsupportedHint(String regex) {
        if (regex.matches("(?s).*\\\\[1-9k].*")) {
            return " (RE2 has no backreferences)";
        }
        if (regex.contains("(?=") || regex.contains("(?!") || regex.contains("(?<=") || regex.contains("(?<!")) {
            return " (RE2 has no lookahead or lookbehind)";
        }
        if (regex.contains("(?>") || regex.matches("(?s).*[*+?}]\\+.*")) {
            return " (RE2 has no atomic groups or possessive quantifiers)";
        }
        return "";
    }
}
