package io.deletiongateway.observability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends JSON lines to stdout or a file, on one dedicated worker thread (never the event loop), in order. The
 * returned future completes once the line is flushed, or fails if it could not be written. A sink is a
 * long-lived part (see GatewayServices): runtimes whose configs name the same sink share one writer.
 */
public final class LineWriter {
  private final WorkerExecutor worker;
  private final OutputStream out;
  private final boolean ownsStream;

  private LineWriter(WorkerExecutor worker, OutputStream out, boolean ownsStream) {
    this.worker = worker;
    this.out = out;
    this.ownsStream = ownsStream;
  }

  /** {@code sink}: "stdout", or a file path (created with its directories, appended to). */
  public static LineWriter open(Vertx vertx, String name, String sink) throws IOException {
    OutputStream out;
    boolean stdout = "stdout".equals(sink);
    if (stdout) {
      out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    } else {
      Path path = Path.of(sink);
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
    // One thread per sink, so that its lines keep their order.
    return new LineWriter(vertx.createSharedWorkerExecutor("log-" + name + "-" + sink, 1), out, !stdout);
  }

  /**
   * Builds the line on the writer's own thread, in write order, and writes it (the audit chain seals records there,
   * so each record's hash follows the one written before it).
   */
  public Future<Void> write(java.util.concurrent.Callable<String> lineOnWriterThread) {
    return worker.executeBlocking(() -> {
      out.write((lineOnWriterThread.call() + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return null;
    }, true);
  }

  public Future<Void> write(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    return worker.executeBlocking(() -> {
      out.write(bytes);
      out.flush();
      return null;
    }, true);
  }

  /** Flushes, and closes the file (never the process's stdout). */
  public void close() {
    worker.close();
    try {
      out.flush();
      if (ownsStream) {
        out.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
