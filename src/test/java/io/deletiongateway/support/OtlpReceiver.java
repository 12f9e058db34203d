package io.deletiongateway.support;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real OTLP/HTTP trace receiver (protobuf at /v1/traces), decoding what it gets with the protocol's own classes. */
public final class OtlpReceiver implements AutoCloseable {
  /** A received span: ids as lower-case hex, as in traceparent. */
  public record Received(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind, List<String> events) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  public final List<Received> spans = new CopyOnWriteArrayList<>();

  public OtlpReceiver() throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      try {
        ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
        export.getResourceSpansList().forEach(resource -> resource.getScopeSpansList().forEach(scope -> scope.getSpansList()
          .forEach(span -> spans.add(new Received(hex(span.getTraceId().toByteArray()), hex(span.getSpanId().toByteArray()),
            hex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind(),
            span.getEventsList().stream().map(Span.Event::getName).toList())))));
        req.response().putHeader("Content-Type", "application/x-protobuf").end();
      } catch (Exception e) {
        req.response().setStatusCode(400).end();
      }
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
