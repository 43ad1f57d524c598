package dev.celador.audit;

import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.policy.PlacedExpression;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.Validation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validating policies a reload changed, added or removed, compared by what decides a verdict
 * (expressions, messages, match constraints, failure policy, params and bindings), not by where
 * they were read, so a reload that only moved a policy to another file changes nothing. `judged`
 * are the new versions of the changed and added policies: the only ones a pass must run again.
 */
public record PolicyChanges(Set<String> changed, Set<String> removed, List<CompiledPolicy> judged) {

    public boolean isEmpty() {
        return changed.isEmpty() && removed.isEmpty();
    }

    public static PolicyChanges between(PolicySnapshot before, PolicySnapshot after) {
        Map<String, String> old = fingerprints(before);
        Map<String, String> now = fingerprints(after);
        Set<String> changed = new TreeSet<>();
        Set<String> removed = new TreeSet<>();
        now.forEach((name, print) -> {
            if (!print.equals(old.get(name))) {
                changed.add(name);
            }
        });
        old.keySet().stream().filter(n -> !now.containsKey(n)).forEach(removed::add);
        List<CompiledPolicy> judged = after.policies().stream().filter(p -> changed.contains(p.name())).toList();
        return new PolicyChanges(Set.copyOf(changed), Set.copyOf(removed), judged);
    }

    private static Map<String, String> fingerprints(PolicySnapshot snapshot) {
        Map<String, String> out = new HashMap<>();
        if (snapshot == null) {
            return out;
        }
        for (CompiledPolicy p : snapshot.policies()) {
            StringBuilder sb = new StringBuilder();
            p.source().expressions().stream().map(PlacedExpression::text).forEach(t -> sb.append(t).append('\u0000'));
            for (Validation v : p.source().validations()) {
                sb.append(v.message()).append('\u0000').append(v.reason()).append('\u0000');
            }
            sb.append(p.source().matchConstraints()).append(p.source().failurePolicy()).append(p.source().paramKind())
                    .append(Objects.toString(p.loadError()));
            for (PolicyBinding b : snapshot.bindingsOf(p.name())) {
                sb.append('\u0001').append(b.name()).append(b.validationActions()).append(b.matchResources()).append(b.paramRef());
            }
            out.put(p.name(), sb.toString());
        }
        return out;
    }
}
