package dev.celador.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.PolicySourceCheck;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.ops.AdmissionMetrics;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Turns a write of the policy ConfigMap into a {@link PolicySourceCheck} and its verdict back into
 * a response, with one request line at INFO whatever the verdict (such writes are rare, and an
 * operator wants each in the log): identity and verdict, never the content.
 * Until the first policy load has built the CEL environment there is no check to run: the answer is
 * an HTTP 503, so the API server applies the webhook's failurePolicy (Ignore, see deploy/webhooks.yaml).
 */
public final class PolicySourceHandler {

    static final String NOT_READY = "the policy-source check is not ready: the first policy load has not finished";

    private final AdmissionReviewCodec codec;
    private final Supplier<PolicySourceCheck> check;
    private final AdmissionMetrics metrics;

    /** check: the check once the first load is done, null before. */
    public PolicySourceHandler(AdmissionReviewCodec codec, Supplier<PolicySourceCheck> check, AdmissionMetrics metrics) {
        this.codec = codec;
        this.check = check;
        this.metrics = metrics;
    }

    public ObjectNode validate(byte[] body) {
        long start = System.nanoTime();
        AdmissionRequest request = codec.read(body);
        PolicySourceCheck ready = check.get();
        if (ready == null) {
            throw AdmissionHandler.unavailable(codec, NOT_READY);
        }
        AdmissionVerdict verdict = ready.verdict(request);
        metrics.policySourceChecked(verdict, start);
        AdmissionHandler.log(Logger.Level.INFO, request, "policy-source", verdict.allowed(), "",
                "code=" + (verdict.allowed() ? 200 : verdict.code()));
        return codec.write(verdict);
    }
}
