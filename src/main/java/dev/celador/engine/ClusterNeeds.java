package dev.celador.engine;

import dev.celador.engine.compile.CompiledMutatingPolicy;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.policy.ParamKind;
import dev.celador.policy.PlacedExpression;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the loaded policies read from the cluster: resources named by literal arguments of
 * resource.Get / resource.List, and param kinds. The cluster view watches exactly these (and
 * Namespaces); a lookup whose arguments are computed finds nothing unless another policy names it.
 */
public record ClusterNeeds(Set<Resource> resources, Set<ParamKind> paramKinds) {

    /** A resource by apiVersion and resource name, as resource.Get names it. */
    public record Resource(String apiVersion, String resource) implements Comparable<Resource> {
        @Override
        public int compareTo(Resource o) {
            return (apiVersion + "/" + resource).compareTo(o.apiVersion + "/" + o.resource);
        }
    }

    private static final Pattern LOOKUP = Pattern.compile(
            "resource\\.(?:Get|List)\\(\\s*(['\"])([^'\"]+)\\1\\s*,\\s*(['\"])([^'\"]+)\\3");

    private static final Pattern ANY_LOOKUP = Pattern.compile("resource\\.(?:Get|List)\\(");

    /** Whether an expression calls resource.Get or resource.List with an argument that is not a string literal. */
    public static boolean hasComputedLookup(String expression) {
        return ANY_LOOKUP.matcher(expression).results().count() > LOOKUP.matcher(expression).results().count();
    }

    public static ClusterNeeds of(List<CompiledPolicy> policies) {
        return of(policies, List.of());
    }

    public static ClusterNeeds of(List<CompiledPolicy> policies, List<CompiledMutatingPolicy> mutatingPolicies) {
        Set<Resource> resources = new TreeSet<>();
        Set<ParamKind> paramKinds = new TreeSet<>((a, b) -> (a.apiVersion() + "/" + a.kind()).compareTo(b.apiVersion() + "/" + b.kind()));
        for (CompiledPolicy p : policies) {
            if (p.source().paramKind() != null) {
                paramKinds.add(p.source().paramKind());
            }
            scan(p.source().expressions(), resources);
        }
        for (CompiledMutatingPolicy p : mutatingPolicies) {
            if (p.source().paramKind() != null) {
                paramKinds.add(p.source().paramKind());
            }
            scan(p.source().expressions(), resources);
        }
        return new ClusterNeeds(Set.copyOf(resources), Set.copyOf(paramKinds));
    }

    private static void scan(List<PlacedExpression> expressions, Set<Resource> resources) {
        for (PlacedExpression e : expressions) {
            Matcher m = LOOKUP.matcher(e.text());
            while (m.find()) {
                resources.add(new Resource(m.group(2), m.group(4)));
            }
        }
    }

}
