package io.deletiongateway.auth;

import io.deletiongateway.config.AuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

import io.vertx.redis.client.Redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds every verifier and the organization directory from config (and Redis, when configured), and loads the
 * first verification keys.
 */
public final class Security {
  private final Credentials credentials;
  private final OrganizationDirectory organizations;
  private final Future<Void> ready;
  private final HttpClient jwksClient;
  private final Optional<RedisDirectory> directory;

  private Security(Credentials credentials, OrganizationDirectory organizations, Future<Void> ready, HttpClient jwksClient,
                   Optional<RedisDirectory> directory) {
    this.credentials = credentials;
    this.organizations = organizations;
    this.ready = ready;
    this.jwksClient = jwksClient;
    this.directory = directory;
  }

  public static Security start(Vertx vertx, AuthConfig config, Optional<Redis> redis, Duration directoryRefresh) {
    HttpClient jwksClient = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
    List<JwtAccessTokens> issuers = new ArrayList<>();
    List<Future<Void>> loading = new ArrayList<>();
    config.jwtIssuers().forEach(issuer -> {
      JwtAccessTokens tokens = new JwtAccessTokens(vertx, issuer, jwksClient);
      issuers.add(tokens);
      loading.add(tokens.start());
    });
    Optional<CapabilitiesTokens> capabilities = config.capabilities().map(c -> new CapabilitiesTokens(vertx, c));
    ApiTokenStore tokens = new ApiTokenStore(config.apiTokens(), Clock.systemUTC());
    OrganizationDirectory organizations = new OrganizationDirectory(config.organizations());
    Optional<RedisDirectory> directory = redis.filter(r -> !directoryRefresh.isZero()).map(r -> new RedisDirectory(
      vertx, r, directoryRefresh, config.apiTokens(), config.organizations(), tokens, organizations));
    directory.ifPresent(d -> loading.add(d.start()));
    Credentials credentials = new Credentials(tokens, List.copyOf(issuers), capabilities);
    return new Security(credentials, organizations, Future.all(loading).mapEmpty(), jwksClient, directory);
  }

  /** Completes once every issuer has made its first key load attempt (an unreachable JWKS is retried later). */
  public Future<Void> ready() {
    return ready;
  }

  public Credentials credentials() {
    return credentials;
  }

  public OrganizationDirectory organizations() {
    return organizations;
  }

  /** The Redis directory sync, when tokens and organizations are also read from Redis. */
  public Optional<RedisDirectory> directory() {
    return directory;
  }

  public void stop() {
    credentials.jwtIssuers().forEach(JwtAccessTokens::stop);
    directory.ifPresent(RedisDirectory::stop);
    jwksClient.shutdown(0, java.util.concurrent.TimeUnit.SECONDS);
  }
}
