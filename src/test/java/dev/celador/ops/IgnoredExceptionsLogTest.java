package dev.celador.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.LogCapture;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.ClusterExceptions;
import dev.celador.view.StaticClusterView;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** A PolicyException outside the trusted namespaces is logged once, when first seen. */
class IgnoredExceptionsLogTest {

    @Test
    void logsAnExceptionInAnUntrustedNamespaceOnce() {
        ObjectNode exception = new ObjectMapper().createObjectNode().put("apiVersion", "celador.dev/v1alpha1").put("kind", "PolicyException");
        exception.putObject("metadata").put("name", "mine").put("namespace", "shop");
        StaticClusterView view = new StaticClusterView(List.of(exception));
        LogCapture capture = LogCapture.of(IgnoredExceptionsLog.class.getName());
        IgnoredExceptionsLog log = new IgnoredExceptionsLog(new ClusterExceptions(view, List.of("celador")));
        try {
            log.report();
            log.report();
        } finally {
            log.stop();
            capture.detach();
        }
        List<String> warnings = capture.records().stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> String.format(r.getMessage(), r.getParameters())).toList();
        assertThat(warnings).containsExactly(
                "PolicyException shop/mine is ignored: namespace shop is not trusted for exceptions (trusted: celador)");
    }
}
