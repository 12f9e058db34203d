package io.deletiongateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

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

  // Exemplars off: they would need the Prometheus tracer initializer, which Micrometer leaves out too.
  /** The latency buckets (seconds) of every latency histogram: a gateway's range, 1 ms to 30 s, 14 buckets. */
  public static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private final Histogram requestDuration = Histogram.builder().name("gateway_request_duration_seconds")
    .help("Requests, from their head to their answer's end, by API, operation, method and status")
    .labelNames("api", "operation", "method", "status").classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars()
    .register(registry.getPrometheusRegistry());
  private final Histogram backendDuration = Histogram.builder().name("gateway_backend_request_duration_seconds")
    .help("Backend exchanges, from sending the request to the answer's status line, by backend and status")
    .labelNames("backend", "status").classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars()
    .register(registry.getPrometheusRegistry());
  private final io.prometheus.metrics.core.metrics.Counter requestBytes = io.prometheus.metrics.core.metrics.Counter.builder()
    .name("gateway_request_body_bytes").help("Request body bytes received from clients, by API").labelNames("api").withoutExemplars()
    .register(registry.getPrometheusRegistry());
  private final io.prometheus.metrics.core.metrics.Counter responseBytes = io.prometheus.metrics.core.metrics.Counter.builder()
    .name("gateway_response_body_bytes").help("Response body bytes sent to clients, by API").labelNames("api").withoutExemplars()
    .register(registry.getPrometheusRegistry());

  /** Meters of the hot path, found once per label set instead of built and looked up per request. */
  private final Map<RequestSeries, DistributionDataPoint> requestPoints = new ConcurrentHashMap<>();
  private final Map<BackendSeries, DistributionDataPoint> backendPoints = new ConcurrentHashMap<>();
  private final Map<String, io.prometheus.metrics.core.datapoints.CounterDataPoint> bytesIn = new ConcurrentHashMap<>();
  private final Map<String, io.prometheus.metrics.core.datapoints.CounterDataPoint> bytesOut = new ConcurrentHashMap<>();
  private final Map<DecisionSeries, Counter> decisionCounters = new ConcurrentHashMap<>();

  /** A series' labels as a key: hashed from the strings' cached hashes, no key text built per request. */
  private record RequestSeries(String api, String operation, String method, int status) {
  }

  private record BackendSeries(String backend, int status) {
  }

  private record DecisionSeries(String policy, boolean allowed) {
  }

  private final Counter auditWriteFailures = Counter.builder("gateway.audit.write.failures")
    .description("Audit records that could not be written").register(registry);

  public Metrics(String version) {
    // Process and JVM meters (Micrometer's binders), and what runs here.
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("gateway.build.info", () -> 1).description("The running build: 1, labelled with its version")
      .tags("version", version).strongReference(true).register(registry);
    for (boolean applied : new boolean[] {true, false}) {
      reloads(applied);  // present from the start, at 0
    }
    requestDuration.initLabelValues("none", "none", "GET", "404");
  }

  /** One finished request: its operation (or "none"), method, status, latency and bytes. */
  public void request(String api, String operation, String method, int status, long nanos, long bytesIn, long bytesOut) {
    requestPoints.computeIfAbsent(new RequestSeries(api, operation, method, status),
        key -> requestDuration.labelValues(api, operation, method, Integer.toString(status)))
      .observe(nanos / 1e9);
    this.bytesIn.computeIfAbsent(api, requestBytes::labelValues).inc(bytesIn);
    this.bytesOut.computeIfAbsent(api, responseBytes::labelValues).inc(bytesOut);
  }

  /** One backend exchange's time to its status line. */
  public void backendAnswered(String backend, int status, long nanos) {
    backendPoints.computeIfAbsent(new BackendSeries(backend, status), key -> backendDuration.labelValues(backend, Integer.toString(status)))
      .observe(nanos / 1e9);
  }

  /** Every series a config's policies and backends will have, present at 0 from the start. */
  public void prepare(java.util.Collection<String> policies, java.util.Collection<String> backends, java.util.Collection<String> apis) {
    policies.forEach(policy -> {
      decisionCounter(policy, true);
      decisionCounter(policy, false);
    });
    backends.forEach(backend -> java.util.List.of("unreachable", "timeout", "circuit_open", "pool_exhausted", "tls")
      .forEach(kind -> backendFailureCounter(backend, kind)));
    apis.forEach(api -> {
      requestBytes.initLabelValues(api);
      responseBytes.initLabelValues(api);
    });
  }

  public void rateLimitDecision(String policy, boolean allowed) {
    decisionCounter(policy, allowed).increment();
  }

  private Counter decisionCounter(String policy, boolean allowed) {
    return decisionCounters.computeIfAbsent(new DecisionSeries(policy, allowed), key -> Counter.builder("gateway.ratelimit.decisions")
      .description("Rate-limit decisions").tags("policy", policy, "outcome", allowed ? "allowed" : "limited").register(registry));
  }

  public void backendFailure(String backend, String kind) {
    backendFailureCounter(backend, kind).increment();
  }

  private Counter backendFailureCounter(String backend, String kind) {
    return Counter.builder("gateway.backend.failures").description("Backend exchanges that failed, by kind")
      .tags("backend", backend, "kind", kind).register(registry);
  }

  public void reload(boolean applied) {
    reloads(applied).increment();
  }

  private Counter reloads(boolean applied) {
    return Counter.builder("gateway.config.reloads").description("Config reloads, applied or rejected")
      .tags("outcome", applied ? "applied" : "rejected").register(registry);
  }

  public void auditWriteFailure() {
    auditWriteFailures.increment();
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
