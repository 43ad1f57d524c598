package dev.celador.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import java.io.InputStream;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * POST /bench/null: parses the AdmissionReview and answers allowed without evaluating anything,
 * the baseline bench/run.sh loads next to /validate in the same run. Off (404) unless
 * celador.bench.null-endpoint=true, so a production webhook does not offer an always-allow door.
 */
@Path("/bench/null")
public class NullEndpointResource {

    @Inject
    AdmissionHandler handler;

    @ConfigProperty(name = "celador.bench.null-endpoint", defaultValue = "false")
    boolean enabled;

    @POST
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode answer(InputStream body) {
        return handler.allowUnevaluated(enabled, RequestBody.of(body));
    }
}
