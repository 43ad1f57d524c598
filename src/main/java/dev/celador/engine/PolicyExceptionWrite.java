package dev.celador.engine;

import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.policy.PolicyException;
import dev.celador.policy.PolicyExceptionReader;
import dev.celador.policy.Problem;
import dev.celador.policy.SourceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The webhook's check of a PolicyException write: a malformed exception, one naming a policy or
 * validation that is not loaded, or one already expired is denied with every reason at once, so
 * whoever grants it learns at once why it would never apply. One written where Celador does not
 * read exceptions is allowed with a warning that it has no effect.
 */
final class PolicyExceptionWrite {

    static final String RESOURCE = "policyexceptions";

    private PolicyExceptionWrite() {
    }

    static boolean isPolicyException(AdmissionRequest request) {
        return "celador.dev".equals(request.group()) && RESOURCE.equals(request.resource()) && request.subResource().isEmpty();
    }

    static AdmissionVerdict review(AdmissionRequest request, PolicySnapshot snapshot, ClusterExceptions trusted) {
        if (request.object() == null) {
            return AdmissionVerdict.assemble(request.uid(), List.of()); // DELETE: removing an exception is always allowed
        }
        String id = request.namespace().isEmpty() ? request.name() : request.namespace() + "/" + request.name();
        List<String> reasons = problems(request, snapshot, Instant.now());
        if (!reasons.isEmpty()) {
            return new AdmissionVerdict(request.uid(), false, 422, "Invalid",
                    "PolicyException " + id + " denied by Celador: " + String.join("; ", reasons), List.of(), Map.of(), List.of());
        }
        List<String> warnings = new ArrayList<>();
        if (!trusted.namespaces().isEmpty() && !trusted.isTrusted(request.namespace())) {
            warnings.add("PolicyException " + id + " has no effect: Celador reads exceptions only from namespace(s) "
                    + String.join(", ", trusted.namespaces()));
        }
        return new AdmissionVerdict(request.uid(), true, 200, null, null, warnings, Map.of(), List.of());
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
