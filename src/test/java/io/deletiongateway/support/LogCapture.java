package io.deletiongateway.support;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** What the gateway logs (through Log4j2, as in production) at or above a level, while open: the one log capture. */
public final class LogCapture implements AutoCloseable {
  private static final AtomicInteger COUNT = new AtomicInteger();
  public final List<String> messages = new CopyOnWriteArrayList<>();
  private final AbstractAppender appender;
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

  private LogCapture(Level atLeast) {
    appender = new AbstractAppender("capture-" + COUNT.incrementAndGet(), null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(atLeast)) {
          messages.add(event.getMessage().getFormattedMessage());
        }
      }
    };
    appender.start();
    context.getConfiguration().getRootLogger().addAppender(appender, null, null);
    context.updateLoggers();
  }

  /** Messages at WARN and above. */
  public static LogCapture warnings() {
    return new LogCapture(Level.WARN);
  }

  /** Messages at ERROR and above. */
  public static LogCapture errors() {
    return new LogCapture(Level.ERROR);
  }

  public static LogCapture all() {
    return new LogCapture(Level.ALL);
  }

  @Override
  public void close() {
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
