package dev.celador.engine;

import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.policy.PolicyException;
import dev.celador.policy.PolicyExceptionReader;
import dev.celador.policy.Problem;
import dev.celador.policy.SourceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The webhook's check of a PolicyException write, on top of what the policies say about it: a
 * malformed exception, one naming a policy or validation that is not loaded, or one already expired
 * is denied with every reason at once, so whoever grants it learns at once why it would never
 * apply. One written where Celador does not read exceptions is allowed with a warning that it has
 * no effect.
 */
final class PolicyExceptionWrite {

    static final String RESOURCE = "policyexceptions";

    private PolicyExceptionWrite() {
    }

    static boolean isPolicyException(AdmissionRequest request) {
        return "celador.dev".equals(request.group()) && RESOURCE.equals(request.resource()) && request.subResource().isEmpty();
    }

    /**
     * The verdict on a PolicyException write: the policies' verdict (policies may constrain
     * exceptions too, say to require an expiresAt within 90 days) with this check's denial or
     * warning added. Deleting an exception is never refused by this check.
     */
    static AdmissionVerdict review(AdmissionVerdict byPolicies, AdmissionRequest request, PolicySnapshot snapshot,
            ClusterExceptions trusted) {
        if (request.object() == null) {
            return byPolicies;
        }
        String id = request.namespace().isEmpty() ? request.name() : request.namespace() + "/" + request.name();
        List<String> reasons = problems(request, snapshot, Instant.now());
        if (!reasons.isEmpty()) {
            String message = "PolicyException " + id + " denied by Celador: " + String.join("; ", reasons)
                    + (byPolicies.allowed() || byPolicies.message() == null ? "" : "\n" + byPolicies.message());
            return new AdmissionVerdict(request.uid(), false, 422, "Invalid", message, byPolicies.warnings(),
                    byPolicies.auditAnnotations(), byPolicies.results());
        }
        if (trusted.namespaces().isEmpty() || trusted.isTrusted(request.namespace())) {
            return byPolicies;
        }
        List<String> warnings = new ArrayList<>(byPolicies.warnings());
        warnings.add("PolicyException " + id + " has no effect: Celador reads exceptions only from namespace(s) "
                + String.join(", ", trusted.namespaces()));
        return new AdmissionVerdict(byPolicies.uid(), byPolicies.allowed(), byPolicies.code(), byPolicies.reason(), byPolicies.message(),
                warnings, byPolicies.auditAnnotations(), byPolicies.results());
    }

    /** Every reason the written exception would never apply, each with its field path. */
    static List<String> problems(AdmissionRequest request, PolicySnapshot snapshot, Instant now) {
        PolicyExceptionReader.Read read = new PolicyExceptionReader().read(request.object(), new SourceRef(null, 0, ""));
        List<String> out = new ArrayList<>();
        for (Problem p : read.problems()) {
            out.add(p.source().fieldPath() + ": " + p.message());
        }
        PolicyException e = read.exception();
        if (e == null) {
            return out;
        }
        for (Problem p : ExceptionChecks.reasonsItCannotApply(e, snapshot, now)) {
            out.add(p.source().fieldPath() + ": " + p.message());
        }
        return out;
    }
}
