package dev.celador.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestLogHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicInteger writes = new AtomicInteger();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8) {
        @Override
        public void write(byte[] buf, int off, int len) {
            writes.incrementAndGet();
            super.write(buf, off, len);
        }
    };
    private RequestLogHandler handler;

    @AfterEach
    void close() {
        if (handler != null) {
            handler.close();
        }
        MDC.clear();
    }

    @Test
    void writesOneJsonLineWithTheConsoleKeysAndTheCallersMdc() throws Exception {
        handler = new RequestLogHandler(out, 10, 100);
        MDC.put("uid", "u-1");
        MDC.put("policies", "a:fail,b:pass");
        handler.publish(record(Level.INFO, "uid=u-1 allowed=false \"quoted\"\nsecond line"));
        handler.flush();

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.path("loggerName").asText()).isEqualTo("dev.celador.admission.AdmissionHandler");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("message").asText()).isEqualTo("uid=u-1 allowed=false \"quoted\"\nsecond line");
        assertThat(line.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(line.path("mdc").path("uid").asText()).isEqualTo("u-1");
        assertThat(line.path("mdc").path("policies").asText()).isEqualTo("a:fail,b:pass");
    }

    @Test
    void writesEveryCharacterAsTheJsonEncoderWould() throws Exception {
        handler = new RequestLogHandler(out, 10, 100);
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x180; c++) {
            all.append(c);
        }
        List<String> messages = List.of("plain ascii", "a \"quoted\" word", "a back\\slash", "namespace µ-ünïcode \u2603 and DEL \u007f", "tab\there", all.toString());
        for (String message : messages) {
            handler.publish(record(Level.INFO, message));
        }
        handler.flush();

        assertThat(lines()).extracting(line -> line.path("message").asText()).containsExactlyElementsOf(messages);
        String raw = bytes.toString(StandardCharsets.UTF_8);
        for (String message : messages) {
            StringBuilder encoded = new StringBuilder();
            com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(message, encoded);
            assertThat(raw).contains("\"message\":\"" + encoded + "\"");
        }
    }

    @Test
    void writesLinesInOrderInFarFewerWritesThanLines() throws Exception {
        handler = new RequestLogHandler(out, 200, 10_000);
        for (int i = 0; i < 500; i++) {
            handler.publish(record(Level.INFO, "line " + i));
        }
        handler.close();

        assertThat(lines()).extracting(line -> line.path("message").asText())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).mapToObj(i -> "line " + i).toList());
        assertThat(writes.get()).isLessThan(50);
    }

    @Test
    void aFullQueueBlocksTheCallerInsteadOfDroppingLines() throws Exception {
        handler = new RequestLogHandler(out, 60_000, 2);
        Thread caller = new Thread(() -> {
            for (int i = 0; i < 6; i++) {
                handler.publish(record(Level.INFO, "line " + i));
            }
        });
        caller.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (caller.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(caller.getState()).isEqualTo(Thread.State.WAITING);
        while (caller.isAlive()) {
            handler.flush();
            caller.join(20);
        }
        handler.flush();

        assertThat(lines()).extracting(line -> line.path("message").asText())
                .containsExactly("line 0", "line 1", "line 2", "line 3", "line 4", "line 5");
    }

    @Test
    void writesAtOnceAfterClose() throws Exception {
        handler = new RequestLogHandler(out, 60_000, 100);
        handler.close();
        handler.publish(record(Level.WARNING, "late line"));

        assertThat(lines()).extracting(line -> line.path("message").asText()).containsExactly("late line");
    }

    @Test
    void skipsRecordsBelowItsLevel() throws Exception {
        handler = new RequestLogHandler(out, 10, 100);
        handler.setLevel(Level.INFO);
        handler.publish(record(Level.FINE, "allowed request"));
        handler.publish(record(Level.INFO, "denied request"));
        handler.flush();

        assertThat(lines()).extracting(line -> line.path("message").asText()).containsExactly("denied request");
    }

    private static LogRecord record(Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("dev.celador.admission.AdmissionHandler");
        return record;
    }

    private List<JsonNode> lines() throws Exception {
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Arrays.asList(text.split("\n"))) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
