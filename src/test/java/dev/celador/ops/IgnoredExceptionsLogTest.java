package dev.celador.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.ClusterExceptions;
import dev.celador.view.StaticClusterView;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A PolicyException outside the trusted namespaces is logged once, when first seen. */
class IgnoredExceptionsLogTest {

    @Test
    void logsAnExceptionInAnUntrustedNamespaceOnce() {
        ObjectNode exception = new ObjectMapper().createObjectNode().put("apiVersion", "celador.dev/v1alpha1").put("kind", "PolicyException");
        exception.putObject("metadata").put("name", "mine").put("namespace", "shop");
        StaticClusterView view = new StaticClusterView(List.of(exception));
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(IgnoredExceptionsLog.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        IgnoredExceptionsLog log = new IgnoredExceptionsLog(new ClusterExceptions(view, List.of("celador")));
        try {
            log.report();
            log.report();
        } finally {
            log.stop();
            logger.removeHandler(capture);
        }
        List<String> warnings = records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> String.format(r.getMessage(), r.getParameters())).toList();
        assertThat(warnings).containsExactly(
                "PolicyException shop/mine is ignored: namespace shop is not trusted for exceptions (trusted: celador)");
    }
}
