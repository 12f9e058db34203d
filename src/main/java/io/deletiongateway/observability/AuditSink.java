package io.deletiongateway.observability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Where audit records go: a line writer and the tamper-evident chain its records are sealed into. Long-lived. */
public final class AuditSink {
  /** What an audit sink is built from: compared by value, so an unchanged one is kept across reloads. */
  public record Config(String target, Optional<String> hmacKey) {
  }

  private final LineWriter writer;
  private final AuditChain chain;

  private AuditSink(LineWriter writer, AuditChain chain) {
    this.writer = writer;
    this.chain = chain;
  }

  /** File I/O: on a worker thread. */
  public static AuditSink open(Vertx vertx, Config config) throws IOException {
    Optional<Path> file = "stdout".equals(config.target()) ? Optional.empty() : Optional.of(Path.of(config.target()));
    return new AuditSink(LineWriter.open(vertx, "audit", config.target()), AuditChain.resume(file, config.hmacKey()));
  }

  /** Seals and writes the record on the sink's own thread; completes once flushed. */
  Future<Void> write(JsonObject record) {
    return writer.write(() -> chain.seal(record));
  }

  public void close() {
    writer.close();
    chain.close();
  }
}
