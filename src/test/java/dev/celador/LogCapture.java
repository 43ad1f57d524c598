package dev.celador;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Keeps what a logger (and the loggers below it) writes while attached, for tests that read the log. */
public final class LogCapture extends Handler {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Logger logger;

    private LogCapture(Logger logger) {
        this.logger = logger;
        setLevel(Level.ALL);
    }

    /** Starts capturing loggerName's records ("" for every logger). */
    public static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
        capture.logger.addHandler(capture);
        return capture;
    }

    public List<LogRecord> records() {
        return records;
    }

    /** Each record as the console would format it (message, level, logger, time). */
    public List<String> lines() {
        return records.stream().map(formatter::format).toList();
    }

    public void detach() {
        logger.removeHandler(this);
    }

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
}
