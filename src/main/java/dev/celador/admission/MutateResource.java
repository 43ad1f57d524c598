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

/** POST /mutate: the mutating webhook. */
@Path("/mutate")
public class MutateResource {

    @Inject
    AdmissionHandler handler;

    @POST
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<ObjectNode> mutate(InputStream body) {
        return handler.mutate(RequestBody.of(body));
    }
}
