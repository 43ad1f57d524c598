package dev.celador.engine;

import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.policy.PolicyException;
import dev.celador.policy.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a well-formed policy exception useless: it names a policy or validation that is not
 * loaded, or it has expired. `celador lint` prints these as warnings; the webhook denies a write
 * that has any of them.
 */
public final class ExceptionChecks {

    private ExceptionChecks() {
    }

    /** Every reason the exception would never apply under these policies at `now`, each at its field. */
    public static List<Problem> reasonsItCannotApply(PolicyException e, PolicySnapshot policies, Instant now) {
        List<Problem> out = new ArrayList<>();
        String label = "PolicyException/" + e.name();
        for (PolicyException.Target t : e.policies()) {
            CompiledPolicy policy = policies.policies().stream().filter(p -> p.name().equals(t.policy())).findFirst().orElse(null);
            if (policy == null) {
                boolean mutating = policies.mutatingPolicies().stream().anyMatch(p -> p.name().equals(t.policy()));
                out.add(Problem.of(t.source().at("name"), label, "Not found: \"" + t.policy() + "\": " + (mutating
                        ? "a mutating policy; exceptions apply to validating policies only"
                        : "no validating policy of that name is loaded")));
                continue;
            }
            int count = policy.source().validations().size();
            for (int index : t.validationIndexes()) {
                if (index >= count) {
                    out.add(Problem.of(t.source().at("validations"), label,
                            "Not found: index " + index + ": policy " + t.policy() + " has " + count + " validation(s)"));
                }
            }
            for (String name : t.validationNames()) {
                if (policy.source().validations().stream().noneMatch(v -> name.equals(v.name()))) {
                    out.add(Problem.of(t.source().at("validations"), label,
                            "Not found: \"" + name + "\": no validation of policy " + t.policy() + " has that name"));
                }
            }
        }
        if (e.isExpired(now)) {
            out.add(Problem.of(e.source().at("spec.expiresAt"), label,
                    "expired at " + e.expiresAt() + ": it no longer applies; extend expiresAt or delete the exception"));
        }
        return out;
    }
}
