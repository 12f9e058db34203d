package io.deletiongateway.edge;

import io.deletiongateway.observability.Tracing;
import io.vertx.core.Vertx;

/** The Vert.x a gateway runs on (the CLI and the tests alike): NIO, with the {@link Edge} guarding public connections. */
public final class GatewayVertx {
  private GatewayVertx() {
  }

  public static Vertx create() {
    return create(System.getenv());
  }

  /** With OpenTelemetry tracing when {@code env} configures it ({@link Tracing}): server, backend and Redis spans. */
  public static Vertx create(java.util.Map<String, String> env) {
    var builder = Vertx.builder().withTransport(new EdgeTransport(new Edge()).asTransport());
    Tracing.fromEnvironment(env).ifPresent(sdk -> builder
      .with(new io.vertx.core.VertxOptions().setTracingOptions(new io.vertx.tracing.opentelemetry.OpenTelemetryOptions()))
      .withTracer(new io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory(sdk)));
    return builder.build();
  }
}
