package dev.celador.engine;

import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.validate.Exemption;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.PolicyException;
import dev.celador.policy.Validation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the policy exceptions that match a request to one (policy, binding) result. An exception
 * for the whole policy turns a result that applied into SKIP; one for single validations drops
 * their violations, and the result becomes SKIP only when nothing else failed. Either way the
 * result carries the exception that lifted it; a result nothing was lifted from is returned as is.
 */
final class Exemptions {

    private Exemptions() {
    }

    static PolicyResult apply(PolicyResult result, CompiledPolicy policy, List<PolicyException> applying) {
        if (applying.isEmpty() || result.outcome() == Outcome.SKIP) {
            return result;
        }
        for (PolicyException e : applying) {
            if (e.target(policy.name()).wholePolicy()) {
                return skipped(result, e);
            }
        }
        List<Violation> kept = new ArrayList<>(result.violations());
        PolicyException lifting = null;
        for (PolicyException e : applying) {
            Set<Integer> indexes = indexes(e.target(policy.name()), policy.source().validations());
            if (kept.removeIf(v -> v.index() >= 0 && indexes.contains(v.index())) && lifting == null) {
                lifting = e;
            }
        }
        if (lifting == null) {
            return result;
        }
        if (kept.isEmpty()) {
            return skipped(result, lifting);
        }
        Outcome outcome = kept.stream().anyMatch(v -> !v.error()) ? Outcome.FAIL : Outcome.ERROR;
        return new PolicyResult(result.policy(), result.policyKind(), result.binding(), outcome, result.actions(),
                result.failurePolicy(), kept, result.auditAnnotations(), exemption(lifting));
    }

    /** Validation positions an entry names, by index or by the name a validation carries. */
    static Set<Integer> indexes(PolicyException.Target target, List<Validation> validations) {
        Set<Integer> out = new HashSet<>(target.validationIndexes());
        for (int i = 0; i < validations.size(); i++) {
            if (validations.get(i).name() != null && target.validationNames().contains(validations.get(i).name())) {
                out.add(i);
            }
        }
        return out;
    }

    private static PolicyResult skipped(PolicyResult result, PolicyException e) {
        return new PolicyResult(result.policy(), result.policyKind(), result.binding(), Outcome.SKIP, result.actions(),
                result.failurePolicy(), List.of(), Map.of(), exemption(e));
    }

    private static Exemption exemption(PolicyException e) {
        return new Exemption(e.id(), e.reason());
    }
}
