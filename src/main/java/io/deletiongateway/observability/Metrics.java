package io.deletiongateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's meters, in one Micrometer registry scraped by Prometheus at the admin listener's /metrics.
 * Created once per process and kept across config reloads, so counters never restart.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Meters of the hot path, found once per label set instead of built and looked up per request. */
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<String, Counter> decisionCounters = new ConcurrentHashMap<>();

  /** One finished request: its operation (or "none"), status and latency. */
  public void request(String api, String operation, int status, long nanos) {
    requestTimers.computeIfAbsent(api + ' ' + operation + ' ' + status, key -> Timer.builder("gateway.requests")
        .description("Requests by API, operation and status, with latency")
        .tags("api", api, "operation", operation, "status", Integer.toString(status))
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100))
        .register(registry))
      .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  public void rateLimitDecision(String policy, boolean allowed) {
    decisionCounters.computeIfAbsent(policy + (allowed ? " allowed" : " limited"), key -> Counter.builder("gateway.ratelimit.decisions")
      .description("Rate-limit decisions").tags("policy", policy, "outcome", allowed ? "allowed" : "limited").register(registry))
      .increment();
  }

  public void backendFailure(String backend, String kind) {
    Counter.builder("gateway.backend.failures").description("Backend exchanges that failed, by kind")
      .tags("backend", backend, "kind", kind).register(registry).increment();
  }

  public void reload(boolean applied) {
    Counter.builder("gateway.config.reloads").description("Config reloads, applied or rejected")
      .tags("outcome", applied ? "applied" : "rejected").register(registry).increment();
  }

  public void auditWriteFailure() {
    Counter.builder("gateway.audit.write.failures").description("Audit records that could not be written")
      .register(registry).increment();
  }

  /** A count kept elsewhere (store failures, JWKS fetches), read at scrape time. */
  public <T> Meter countOf(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
    return FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry);
  }

  /** A value read at scrape time (circuit state). */
  public Meter gauge(String name, String description, Supplier<Number> value, String... tags) {
    return Gauge.builder(name, value).description(description).tags(tags).strongReference(true).register(registry);
  }

  /** A meter whose subject is gone (a backend or issuer no config names any more). */
  public void remove(Meter meter) {
    registry.remove(meter);
  }

  public String scrape() {
    return registry.scrape();
  }
}
