package io.deletiongateway.auth;

import io.deletiongateway.config.AuthConfig;
import io.deletiongateway.lifetime.SharedPool;
import io.deletiongateway.observability.Metrics;
import io.micrometer.core.instrument.Meter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.redis.client.Redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The long-lived side of authentication: the API-token store and organization directory (swapped whole, never
 * rebuilt), their sync with Redis, and each JWT issuer's key set, kept across reloads that leave the issuer
 * unchanged. {@link #credentials} builds a config's verifiers from them.
 */
public final class Security {
  private final Vertx vertx;
  private final ApiTokenStore tokens;
  private final OrganizationDirectory organizations;
  private final Optional<RedisDirectory> directory;
  private final HttpClient jwksClient;
  private final SharedPool<JwtIssuerConfig, JwtAccessTokens> issuers;

  public Security(Vertx vertx, AuthConfig initial, Optional<Redis> redis, Duration directoryRefresh, Metrics metrics) {
    this.vertx = vertx;
    this.tokens = new ApiTokenStore(initial.apiTokens(), Clock.systemUTC());
    this.organizations = new OrganizationDirectory(initial.organizations());
    this.directory = redis.filter(r -> !directoryRefresh.isZero()).map(r -> new RedisDirectory(
      vertx, r, directoryRefresh, initial.apiTokens(), initial.organizations(), tokens, organizations));
    this.jwksClient = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
    Map<String, Meter> fetchMeters = new HashMap<>();
    this.issuers = new SharedPool<>(config -> new JwtAccessTokens(vertx, config, jwksClient), JwtAccessTokens::stop,
      name -> fetchMeters.put(name, metrics.countOf("gateway.jwks.fetches", "JWKS fetches (refreshes and unknown-kid refetches)",
        this, security -> security.fetchesOf(name), "issuer", name)),  // the issuer's configured name
      name -> metrics.remove(fetchMeters.remove(name)));
    directory.ifPresent(d -> {
      metrics.countOf("gateway.directory.refreshes", "Re-reads of API tokens and organizations from Redis",
        d, RedisDirectory::refreshCount, "outcome", "applied");
      metrics.countOf("gateway.directory.refreshes", "Re-reads of API tokens and organizations from Redis",
        d, RedisDirectory::failedRefreshCount, "outcome", "failed");
      metrics.gauge("gateway.directory.last.known", "1 while Redis has lost the directory and the last known one is kept in force",
        () -> d.lastKnownInForce() ? 1 : 0);
    });
  }

  /** Reads the directory from Redis once (completing even if Redis is down), then keeps it in sync. */
  public Future<Void> start() {
    return directory.map(RedisDirectory::start).orElse(Future.succeededFuture());
  }

  /** One config's verifiers, borrowing this object's stores and key sets. */
  public Leased credentials(AuthConfig config) {
    List<SharedPool<JwtIssuerConfig, JwtAccessTokens>.Lease> leases = new ArrayList<>();
    List<JwtAccessTokens> jwt = new ArrayList<>();
    List<Future<Void>> loading = new ArrayList<>();
    config.jwtIssuers().forEach(issuer -> {
      var lease = issuers.acquire(issuer.name(), issuer);
      leases.add(lease);
      jwt.add(lease.part());
      loading.add(lease.part().start());
    });
    Optional<CapabilitiesTokens> capabilities = config.capabilities().map(c -> new CapabilitiesTokens(vertx, c));
    Credentials credentials = Credentials.of(tokens, jwt, capabilities);
    return new Leased(credentials, Future.all(loading).mapEmpty(), () -> leases.forEach(SharedPool.Lease::release));
  }

  /** A config's verifiers, ready once every issuer made its first key load attempt; released when its runtime closes. */
  public record Leased(Credentials credentials, Future<Void> ready, Runnable release) {
  }

  /** Puts a (re)loaded config's own tokens and organizations in force, merged with those read from Redis. */
  public void configure(AuthConfig config) {
    if (directory.isPresent()) {
      directory.get().configure(config.apiTokens(), config.organizations());
    } else {
      tokens.replaceAll(config.apiTokens());
      organizations.replaceAll(config.organizations());
    }
  }

  public OrganizationDirectory organizations() {
    return organizations;
  }

  /** The Redis directory sync, when tokens and organizations are also read from Redis. */
  public Optional<RedisDirectory> directory() {
    return directory;
  }

  private double fetchesOf(String issuer) {
    JwtAccessTokens live = issuers.live(issuer);
    return live == null ? 0 : live.jwksFetchCount();
  }

  public void close() {
    issuers.closeAll();
    directory.ifPresent(RedisDirectory::stop);
    jwksClient.shutdown(0, TimeUnit.SECONDS);
  }
}
