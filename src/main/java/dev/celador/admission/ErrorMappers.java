package dev.celador.admission;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps bad bodies to 400 and anything unexpected to a 500 that reveals nothing of the request ({@link FailureAnswer}). */
public class ErrorMappers {

    @Inject
    AdmissionReviewCodec codec;

    @ServerExceptionMapper
    public Response badReview(BadAdmissionReview e) {
        return response(FailureAnswer.of(e, codec));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof jakarta.ws.rs.WebApplicationException wae) {
            return wae.getResponse();
        }
        return response(FailureAnswer.of(e, codec));
    }

    private static Response response(FailureAnswer answer) {
        return Response.status(answer.status()).type(MediaType.APPLICATION_JSON).entity(answer.body()).build();
    }
}
