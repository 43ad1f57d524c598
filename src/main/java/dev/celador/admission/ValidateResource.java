package dev.celador.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.concurrent.CompletionStage;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * POST /validate: the validating webhook. Answered on the event loop, like /mutate, unless the
 * request is large or must wait for the API server (see AdmissionHandler): evaluation reads
 * memory (the request, informer caches) and the cost budget bounds it, and the hop to a worker
 * thread and back costs more CPU per small request than the null endpoint's whole answer.
 */
@Path("/validate")
public class ValidateResource {

    @Inject
    AdmissionHandler handler;

    @POST
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<ObjectNode> validate(InputStream body) {
        return handler.validate(RequestBody.of(body));
    }
}
