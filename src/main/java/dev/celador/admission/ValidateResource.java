package dev.celador.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** POST /validate: the validating webhook. */
@Path("/validate")
public class ValidateResource {

    @Inject
    AdmissionHandler handler;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode validate(byte[] body) {
        return handler.validate(body);
    }
}
