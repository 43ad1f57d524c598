package dev.celador.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * POST /validate-policy-source: writes of Celador's own policy ConfigMap. On a worker thread, unlike
 * /validate: loading and compiling the shipped set took 25-70 ms once warm (most expressions from the
 * compile cache) and seconds on a cold JVM, far too long to hold the event loop.
 */
@Path("/validate-policy-source")
public class PolicySourceResource {

    @Inject
    PolicySourceHandler handler;

    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode validate(byte[] body) {
        return handler.validate(body);
    }
}
