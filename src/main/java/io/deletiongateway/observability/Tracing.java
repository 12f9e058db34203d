package io.deletiongateway.observability;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * OpenTelemetry tracing, configured by the standard {@code OTEL_*} variables (the SDK's autoconfiguration: exporter,
 * endpoint, sampler such as {@code OTEL_TRACES_SAMPLER=parentbased_traceidratio} with {@code OTEL_TRACES_SAMPLER_ARG},
 * service name, resource attributes). Off, at no cost, unless an OTLP endpoint is named and the SDK is not disabled.
 * Only traces are exported: metrics stay on /metrics, logs on stdout.
 */
public final class Tracing {
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
  /**
   * Whether this process ever built an SDK: until then no span can be current, and the per-request questions below
   * are answered without looking the OpenTelemetry context up (a context-storage look-up each).
   */
  private static volatile boolean sdkBuilt;

  private Tracing() {
  }

  public static Optional<OpenTelemetrySdk> fromEnvironment(Map<String, String> env) {
    boolean endpoint = env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT") || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    if (!endpoint || "true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED")) || "none".equals(env.get("OTEL_TRACES_EXPORTER"))) {
      return Optional.empty();
    }
    // OTLP over HTTP (protobuf), the specification's default, sent with the JDK's own HTTP client: gRPC would need
    // another transport, so it is refused with a reason rather than half-configured.
    Map<String, String> properties = new HashMap<>(Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none",
      "otel.service.name", "deletion-gateway", "otel.exporter.otlp.protocol", "http/protobuf"));
    env.forEach((name, value) -> {
      if (name.startsWith("OTEL_")) {
        properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    if (properties.getOrDefault("otel.exporter.otlp.traces.protocol", properties.get("otel.exporter.otlp.protocol")).startsWith("grpc")) {
      throw new IllegalArgumentException("OTEL_EXPORTER_OTLP_PROTOCOL: the gateway exports OTLP over HTTP (http/protobuf), not gRPC");
    }
    sdkBuilt = true;
    return Optional.of(AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> properties)
      .disableShutdownHook().build().getOpenTelemetrySdk());
  }

  /** The current span, or the invalid span when no SDK was ever built here. */
  public static io.opentelemetry.api.trace.Span currentSpan() {
    return sdkBuilt ? io.opentelemetry.api.trace.Span.current() : io.opentelemetry.api.trace.Span.getInvalid();
  }

  /**
   * The request's trace id, for its access and audit records: its server span's when tracing is on, else the incoming
   * {@code traceparent}'s (recorded even when export is off, so logs correlate with the caller's traces); null if none.
   */
  public static String traceId(io.vertx.ext.web.RoutingContext ctx) {
    io.opentelemetry.api.trace.SpanContext span = currentSpan().getSpanContext();
    return span.isValid() ? span.getTraceId() : traceId(ctx.request().getHeader("traceparent"));
  }

  /** The operation, on the request's server span (when tracing is on): its name and attributes. */
  public static void operation(String api, String operationId) {
    io.opentelemetry.api.trace.Span span = currentSpan();
    if (span.getSpanContext().isValid()) {
      span.updateName(operationId).setAttribute("deletion_gateway.api", api).setAttribute("deletion_gateway.operation", operationId);
    }
  }

  /** A policy stage that can take time is done (authenticated, limit decided, deletion admitted): an event on the span. */
  public static void stage(String name, String outcome) {
    io.opentelemetry.api.trace.Span span = currentSpan();
    if (span.getSpanContext().isValid()) {
      span.addEvent(name, io.opentelemetry.api.common.Attributes.of(
        io.opentelemetry.api.common.AttributeKey.stringKey("deletion_gateway.outcome"), outcome));
    }
  }

  /** The trace id of a W3C {@code traceparent}; null if it is none. */
  public static String traceId(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    var m = TRACEPARENT.matcher(traceparent.trim());
    return m.matches() && !m.group(1).equals("0".repeat(32)) ? m.group(1) : null;
  }
}
