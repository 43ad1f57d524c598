package dev.celador.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * What a request that could not be answered with an AdmissionReview gets: a bad body is a 400, a
 * refusal the handler chose (503 while overloaded or before the policies load) keeps its status,
 * and anything unexpected is a 500 that reveals nothing of the request. The resources' exception
 * mappers and the large-body intake answer alike.
 */
record FailureAnswer(int status, ObjectNode body) {

    private static final Logger LOG = Logger.getLogger(FailureAnswer.class);

    static FailureAnswer of(Throwable error, AdmissionReviewCodec codec) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof BadAdmissionReview bad) {
            LOG.debugf("rejected request body: %s", bad.getMessage());
            return new FailureAnswer(400, codec.badRequest(bad.getMessage()));
        }
        if (cause instanceof jakarta.ws.rs.WebApplicationException wae && wae.getResponse().getEntity() instanceof ObjectNode entity) {
            return new FailureAnswer(wae.getResponse().getStatus(), entity);
        }
        LOG.errorf("internal error while answering an admission request: %s", cause.getClass().getName());
        return new FailureAnswer(500, codec.badRequest("internal error").put("code", 500).put("reason", "InternalError"));
    }
}
