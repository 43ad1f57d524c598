package dev.celador.ops;

import dev.celador.admission.AdmissionHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends the request lines to a {@link RequestLogHandler} on stdout when the console writes JSON
 * (production), instead of through the console's own handler. The category's level still decides
 * what is logged (denials at INFO, allowed requests at DEBUG). With
 * {@code celador.request-log.batched=false}, or with text logs (dev, tests), or no console, the
 * lines go through Quarkus' handlers like every other line.
 */
@ApplicationScoped
public class RequestLogSetup {

    @ConfigProperty(name = "celador.request-log.batched", defaultValue = "true")
    boolean batched;

    @ConfigProperty(name = "celador.request-log.linger-ms", defaultValue = "20")
    long lingerMillis;

    @ConfigProperty(name = "quarkus.log.console.json.enabled", defaultValue = "false")
    boolean consoleJson;

    @ConfigProperty(name = "quarkus.log.console.enable", defaultValue = "true")
    boolean consoleEnabled;

    @ConfigProperty(name = "quarkus.log.console.stderr", defaultValue = "false")
    boolean consoleStderr;

    private Logger requestLogger;
    private RequestLogHandler handler;

    void install(@Observes StartupEvent event) {
        if (!batched || !consoleJson || !consoleEnabled) {
            return;
        }
        handler = new RequestLogHandler(consoleStderr ? System.err : System.out, lingerMillis, 4096);
        requestLogger = Logger.getLogger(AdmissionHandler.class.getName());
        requestLogger.addHandler(handler);
        requestLogger.setUseParentHandlers(false);
    }

    void uninstall(@Observes ShutdownEvent event) {
        if (handler != null) {
            requestLogger.setUseParentHandlers(true);
            requestLogger.removeHandler(handler);
            handler.close();
        }
    }
}
