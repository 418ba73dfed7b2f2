package io.usdetracker.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log line the application writes while it is attached, for tests that check what people would read. */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.start();
        root().addAppender(appender);
    }

    public List<ILoggingEvent> lines() {
        return appender.list;
    }

    /** Whether any line (message or exception text) contains {@code text}. */
    public boolean anyContains(String text) {
        return appender.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text)
                || (e.getThrowableProxy() != null && String.valueOf(e.getThrowableProxy().getMessage()).contains(text)));
    }

    @Override
    public void close() {
        root().detachAppender(appender);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
