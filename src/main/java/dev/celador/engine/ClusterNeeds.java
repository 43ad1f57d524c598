package dev.celador.engine;

import dev.celador.engine.compile.CompiledMutatingPolicy;
import dev.celador.engine.compile.CompiledMutation;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.compile.CompiledValidation;
import dev.celador.cel.LazyVariables;
import dev.celador.engine.compile.CompiledAuditAnnotation;
import dev.celador.engine.compile.CompiledCondition;
import dev.celador.cel.CompiledExpression;
import dev.celador.policy.ParamKind;
import java.util.ArrayList;
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
            scan(expressions(p), resources);
        }
        for (CompiledMutatingPolicy p : mutatingPolicies) {
            if (p.source().paramKind() != null) {
                paramKinds.add(p.source().paramKind());
            }
            List<CompiledExpression> all = new ArrayList<>();
            p.matchConditions().stream().map(CompiledCondition::expression).forEach(all::add);
            p.variables().stream().map(LazyVariables.Definition::expression).forEach(all::add);
            p.mutations().stream().map(CompiledMutation::expression).forEach(all::add);
            scan(all.stream().map(CompiledExpression::text).toList(), resources);
        }
        return new ClusterNeeds(Set.copyOf(resources), Set.copyOf(paramKinds));
    }

    private static void scan(List<String> texts, Set<Resource> resources) {
        for (String text : texts) {
            Matcher m = LOOKUP.matcher(text);
            while (m.find()) {
                resources.add(new Resource(m.group(2), m.group(4)));
            }
        }
    }

    private static List<String> expressions(CompiledPolicy p) {
        List<CompiledExpression> all = new ArrayList<>();
        p.matchConditions().stream().map(CompiledCondition::expression).forEach(all::add);
        p.variables().stream().map(LazyVariables.Definition::expression).forEach(all::add);
        for (CompiledValidation v : p.validations()) {
            all.add(v.expression());
            if (v.messageExpression() != null) {
                all.add(v.messageExpression());
            }
        }
        p.auditAnnotations().stream().map(CompiledAuditAnnotation::valueExpression).forEach(all::add);
        return all.stream().map(CompiledExpression::text).toList();
    }
}
