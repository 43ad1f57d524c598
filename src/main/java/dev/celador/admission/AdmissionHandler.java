package dev.celador.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import dev.celador.engine.mutate.MutationResult;
import dev.celador.engine.mutate.MutationVerdict;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.PolicyResult;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns a request body into an engine call and the verdict back into a response, logging one
 * line per request: identity and verdict only, never the object or a message that quotes it.
 */
public final class AdmissionHandler {

    private static final Logger LOG = Logger.getLogger(AdmissionHandler.class);

    private final AdmissionReviewCodec codec;
    private final Engine engine;

    public AdmissionHandler(AdmissionReviewCodec codec, Engine engine) {
        this.codec = codec;
        this.engine = engine;
    }

    public ObjectNode validate(byte[] body) {
        AdmissionRequest request = codec.read(body);
        AdmissionVerdict verdict = engine.validate(request);
        log(request, verdict);
        return codec.write(verdict);
    }

    public ObjectNode mutate(byte[] body) {
        AdmissionRequest request = codec.read(body);
        MutationVerdict verdict = engine.mutate(request);
        if (LOG.isInfoEnabled()) {
            String policies = verdict.results().stream()
                    .filter(r -> r.outcome() != MutationResult.Outcome.SKIP)
                    .map(r -> r.policy() + (r.binding() == null ? "" : "/" + r.binding()) + ":" + r.outcome().name().toLowerCase())
                    .collect(Collectors.joining(","));
            LOG.infof("uid=%s operation=%s kind=%s namespace=%s name=%s dryRun=%s mutate allowed=%s patchOps=%d policies=[%s]",
                    request.uid(), request.operation(), request.kind(), request.namespace(), request.name(), request.dryRun(),
                    verdict.allowed(), verdict.patch().size(), policies);
        }
        return codec.write(verdict);
    }

    private static void log(AdmissionRequest request, AdmissionVerdict verdict) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String policies = verdict.results().stream()
                .filter(r -> r.outcome() != Outcome.SKIP)
                .map(AdmissionHandler::describe)
                .collect(Collectors.joining(","));
        LOG.infof("uid=%s operation=%s kind=%s namespace=%s name=%s dryRun=%s allowed=%s code=%d warnings=%d policies=[%s]",
                request.uid(), request.operation(), request.kind(), request.namespace(), request.name(), request.dryRun(),
                verdict.allowed(), verdict.allowed() ? 200 : verdict.code(), verdict.warnings().size(), policies);
    }

    private static String describe(PolicyResult r) {
        return r.policy() + (r.binding() == null ? "" : "/" + r.binding()) + ":" + r.outcome().name().toLowerCase();
    }
}
