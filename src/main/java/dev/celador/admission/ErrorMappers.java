package dev.celador.admission;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps bad bodies to 400 and anything unexpected to a 500 that reveals nothing of the request. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @Inject
    AdmissionReviewCodec codec;

    @ServerExceptionMapper
    public Response badReview(BadAdmissionReview e) {
        LOG.debugf("rejected request body: %s", e.getMessage());
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(codec.badRequest(e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof jakarta.ws.rs.WebApplicationException wae) {
            return wae.getResponse();
        }
        LOG.errorf("internal error while answering an admission request: %s", e.getClass().getName());
        return Response.status(500).type(MediaType.APPLICATION_JSON)
                .entity(codec.badRequest("internal error").put("code", 500).put("reason", "InternalError")).build();
    }
}
