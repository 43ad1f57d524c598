package dev.celador.ops;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.jboss.logging.MDC;

/**
 * Writes the webhook's request lines as JSON lines, the same keys as the console's JSON format,
 * in batches: the caller formats its line and queues it, and one thread writes what has queued
 * every {@code lingerMillis} in one write. Through the console's asynchronous handler each line cost
 * a thread wake-up, a write of its own and the generic JSON formatter: 40–60 µs of CPU per denied
 * request, a quarter of /validate's (bench/README.md). A full queue blocks the
 * caller, as the console's handler does, so no line is dropped; flush and close write what is queued.
 */
public final class RequestLogHandler extends Handler {

    private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();

    private final PrintStream out;
    private final long lingerMillis;
    private final int capacity;
    private final SimpleFormatter messageFormatter = new SimpleFormatter();
    /** Guards pending; producers wait on it when it is full, the writer when it is empty. */
    private final Object queueLock = new Object();
    /** Held from taking a batch to having written it, so batches reach the stream in order. */
    private final Object writeLock = new Object();
    private List<String> pending = new ArrayList<>();
    private final Thread writer;
    private volatile boolean closed;

    public RequestLogHandler(PrintStream out, long lingerMillis, int capacity) {
        this.out = out;
        this.lingerMillis = lingerMillis;
        this.capacity = capacity;
        this.writer = new Thread(this::writeLoop, "celador-request-log");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line = format(record);
        synchronized (queueLock) {
            while (pending.size() >= capacity && !closed) {
                try {
                    queueLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (pending.isEmpty()) {
                queueLock.notifyAll();
            }
            pending.add(line);
        }
        if (closed) {
            flush();
        }
    }

    /** One JSON line (with its newline): the record's fields and the caller's MDC, read now, on its thread. */
    String format(LogRecord record) {
        StringBuilder line = new StringBuilder(1024);
        line.append("{\"timestamp\":\"").append(record.getInstant()).append("\",\"loggerName\":");
        quote(line, record.getLoggerName());
        line.append(",\"level\":");
        quote(line, record.getLevel().getName());
        line.append(",\"message\":");
        Object[] parameters = record.getParameters();
        quote(line, parameters == null || parameters.length == 0 ? record.getMessage() : messageFormatter.formatMessage(record));
        line.append(",\"threadName\":");
        quote(line, Thread.currentThread().getName());
        line.append(",\"threadId\":").append(record.getLongThreadID()).append(",\"mdc\":{");
        boolean first = true;
        for (Map.Entry<String, Object> entry : MDC.getMap().entrySet()) {
            if (!first) {
                line.append(',');
            }
            first = false;
            quote(line, entry.getKey());
            line.append(':');
            quote(line, String.valueOf(entry.getValue()));
        }
        return line.append("}}\n").toString();
    }

    private static void quote(StringBuilder line, String text) {
        if (text == null) {
            line.append("null");
            return;
        }
        line.append('"');
        if (needsEscaping(text)) {
            JSON.quoteAsString(text, line);
        } else {
            // The encoder appends char by char; most fields have nothing to escape.
            line.append(text);
        }
        line.append('"');
    }

    /** What JSON requires escaped, which is all the encoder escapes: other characters go out as they are. */
    private static boolean needsEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private void writeLoop() {
        try {
            while (!closed) {
                synchronized (queueLock) {
                    while (pending.isEmpty() && !closed) {
                        queueLock.wait();
                    }
                }
                flush();
                // Lines queued meanwhile wait for the next batch instead of waking this thread one by one.
                Thread.sleep(lingerMillis);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Writes what is queued, in one write. */
    @Override
    public void flush() {
        synchronized (writeLock) {
            List<String> batch;
            synchronized (queueLock) {
                batch = pending;
                pending = new ArrayList<>();
                queueLock.notifyAll();
            }
            if (batch.isEmpty()) {
                return;
            }
            StringBuilder text = new StringBuilder(batch.size() * 600);
            batch.forEach(text::append);
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            // The console handler writes through the same stream, which serialises its writes, so
            // a batch never splits another handler's line.
            synchronized (out) {
                out.write(bytes, 0, bytes.length);
                out.flush();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        flush();
    }
}
