package dev.celador.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cel.CelEnvironment;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.ops.AdmissionMetrics;
import dev.celador.policy.PolicyLoader;
import dev.celador.view.StaticClusterView;
import dev.celador.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Denials are logged at INFO; a plain allowed request only at DEBUG, so a busy cluster's log stays readable. */
class RequestLogLevelTest {

    private final Logger logger = Logger.getLogger(AdmissionHandler.class.getName());
    private LogCapture capture;
    private Level previous;
    private AdmissionHandler handler;

    @BeforeEach
    void setUp() {
        previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        capture = LogCapture.of(AdmissionHandler.class.getName());
        PolicyRegistry registry = new PolicyRegistry(new PolicySnapshot(new PolicyCompiler(new CelEnvironment())
                .compile(new PolicyLoader().load(List.of(Path.of("src/test/resources/webhook/policies"))))));
        StaticClusterView cluster = StaticClusterView.empty();
        handler = new AdmissionHandler(new AdmissionReviewCodec(), new Engine(registry, cluster),
                new AdmissionMetrics(new SimpleMeterRegistry(), registry, cluster), new EvaluationPool());
    }

    @AfterEach
    void tearDown() {
        capture.detach();
        logger.setLevel(previous);
    }

    @Test
    void logsDeniedRequestAtInfo() {
        assertThat(handler.validate(RequestBody.of(Reviews.named("sts-create-without-vct"))).toCompletableFuture().join().path("response").path("allowed").asBoolean()).isFalse();
        assertThat(requestLines()).singleElement().satisfies(r -> {
            assertThat(r.getLevel().intValue()).isEqualTo(Level.INFO.intValue());
            assertThat(r.getMessage()).contains("allowed=false");
        });
    }

    @Test
    void logsPlainAllowedRequestAtDebugOnly() {
        assertThat(handler.validate(RequestBody.of(Reviews.named("service-delete-unprotected"))).toCompletableFuture().join().path("response").path("allowed").asBoolean()).isTrue();
        assertThat(requestLines()).singleElement().satisfies(r -> {
            assertThat(r.getLevel().intValue()).isLessThan(Level.INFO.intValue());
            assertThat(r.getMessage()).contains("allowed=true");
        });
    }

    private List<LogRecord> requestLines() {
        return capture.records().stream().filter(r -> String.valueOf(r.getMessage()).startsWith("uid=")).toList();
    }
}
