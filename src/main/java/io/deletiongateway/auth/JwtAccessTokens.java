package io.deletiongateway.auth;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;

import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies JWT access tokens of one issuer with vertx-auth-jwt. Keys come from config or a JWKS URL, are
 * refreshed when the JWKS's max-age runs out, and are kept as they were while the issuer is down. A token
 * with an unknown kid triggers at most one refetch per {@code minRefreshInterval}, shared by all requests
 * waiting on it, so a flood of forged kids cannot turn into a flood of JWKS requests.
 */
public final class JwtAccessTokens implements CredentialVerifier {
  private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

  private final Vertx vertx;
  private final JwtIssuerConfig config;
  private final JWTOptions options;
  private final HttpClient http;
  private final AtomicReference<JwtKeys> keys = new AtomicReference<>();
  private final AtomicLong jwksFetches = new AtomicLong();
  private Future<Void> inFlight;
  private Future<Void> started;
  private long lastFetchStartedNanos = Long.MIN_VALUE / 2;
  private long refreshTimer = -1;

  public JwtAccessTokens(Vertx vertx, JwtIssuerConfig config, HttpClient http) {
    this.vertx = vertx;
    this.config = config;
    this.http = http;
    this.options = new JWTOptions()
      .setIssuer(config.issuer())
      .setAudience(new ArrayList<>(config.audiences()))
      .setLeeway(config.leewaySeconds())
      .setIgnoreExpiration(false);
  }

  /**
   * Loads the first key set, once: a runtime that reuses this issuer gets the same first load. Fails if static
   * keys are unusable; a JWKS that cannot be fetched is retried.
   */
  public synchronized Future<Void> start() {
    if (started == null) {
      if (config.jwksUrl().isEmpty()) {
        started = Future.<Void>succeededFuture().map(v -> {
          keys.set(JwtKeys.fromPem(vertx, config.publicKeys(), options));
          return null;
        });
      } else {
        started = refetch();
      }
    }
    return started;
  }

  public String issuer() {
    return config.issuer();
  }

  public boolean ready() {
    return keys.get() != null;
  }

  public long jwksFetchCount() {
    return jwksFetches.get();
  }

  public void stop() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
  }

  @Override
  public boolean owns(PresentedCredential credential) {
    return credential.header() != null && !CapabilitiesTokens.isCapabilitiesToken(credential.header())
      && config.issuer().equals(credential.unverifiedIssuer());
  }

  /** The principal for a valid token; fails with a GatewayError (invalid_api_token, or 503 before keys load). */
  @Override
  public Future<Principal> verify(PresentedCredential credential) {
    String token = credential.text();
    JwsForm.Parts parts = JwsForm.parse(token);
    if (parts == null || !config.algorithms().contains(parts.header().getString("alg"))) {
      return invalid();
    }
    JwtKeys current = keys.get();
    if (current == null) {
      // Never accept before keys are loaded: the provider would run unsecured.
      return Future.failedFuture(GatewayError.of(ErrorCode.SERVICE_UNAVAILABLE).withHeader("Retry-After", "5"));
    }
    String kid = parts.header().getString("kid");
    if (kid != null && !current.kids().contains(kid) && config.jwksUrl().isPresent()) {
      return refetchForUnknownKid().transform(ignored -> check(token, keys.get()));
    }
    return check(token, current);
  }

  private Future<Principal> check(String token, JwtKeys current) {
    return JwtClaims.authenticate(current.auth(), token).transform(result -> {
      if (result.failed()) {
        return invalid();
      }
      JsonObject claims = result.result().attributes().getJsonObject("accessToken");
      if (claims == null || !(claims.getValue("exp") instanceof Number)) {
        return invalid();  // an access token without exp would never expire
      }
      try {
        String subject = ClaimValues.optional(claims, "sub");
        if (subject == null) {
          subject = ClaimValues.optional(claims, "client_id");
        }
        if (subject == null) {
          return invalid();  // no identity to act, audit and limit as
        }
        // Issuer-qualified: the same sub from two issuers is two principals (headers, audit, buckets).
        return Future.succeededFuture(new Principal(
          "jwt:" + config.name() + ":" + subject,
          "jwt",
          Optional.of(config.name()),
          ClaimValues.optional(claims, config.organizationClaim()),
          ClaimValues.items(claims, config.managedOrganizationsClaim()),
          config.networks(),
          new Grant.Scopes(ClaimValues.scopes(claims), true, config.acceptBareScopes()),
          ClaimValues.certificateBinding(claims)));
      } catch (ClaimValues.Invalid e) {
        return invalid();
      }
    });
  }

  private synchronized Future<Void> refetchForUnknownKid() {
    if (inFlight != null) {
      return inFlight;
    }
    if (System.nanoTime() - lastFetchStartedNanos < config.minRefreshInterval().toNanos()) {
      return Future.succeededFuture();  // debounced: fetched recently, the kid is simply unknown
    }
    return refetch();
  }

  private synchronized Future<Void> refetch() {
    if (inFlight != null) {
      return inFlight;
    }
    lastFetchStartedNanos = System.nanoTime();
    jwksFetches.incrementAndGet();
    String url = config.jwksUrl().orElseThrow().toString();
    Promise<Void> done = Promise.promise();
    inFlight = done.future();
    http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(5_000))
      .compose(request -> request.send())
      .compose(response -> response.statusCode() == 200
        ? response.body().map(body -> new Fetched(body.toJsonObject(), response.getHeader("Cache-Control")))
        : Future.failedFuture("JWKS answered " + response.statusCode()))
      .onComplete(result -> {
        synchronized (this) {
          inFlight = null;
        }
        long nextMillis = config.minRefreshInterval().toMillis();
        if (result.succeeded()) {
          try {
            keys.set(JwtKeys.fromJwks(vertx, result.result().jwks(), config.algorithms(), options));
            nextMillis = Math.max(nextMillis, maxAgeMillis(result.result().cacheControl()));
          } catch (RuntimeException e) {
            System.getLogger("deletion-gateway").log(System.Logger.Level.WARNING,
              "JWKS of " + config.issuer() + " unusable, keeping the last keys: " + e.getMessage());
          }
        } else {
          System.getLogger("deletion-gateway").log(System.Logger.Level.WARNING,
            "JWKS of " + config.issuer() + " not fetched, keeping the last keys: " + result.cause().getMessage());
        }
        scheduleRefresh(nextMillis);
        done.complete();
      });
    return inFlight;
  }

  private synchronized void scheduleRefresh(long delayMillis) {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    refreshTimer = vertx.setTimer(Math.max(1, delayMillis), id -> refetch());
  }

  private long maxAgeMillis(String cacheControl) {
    if (cacheControl != null) {
      Matcher m = MAX_AGE.matcher(cacheControl);
      if (m.find()) {
        return Math.min(Long.parseLong(m.group(1)), 86_400) * 1000;
      }
    }
    return config.defaultRefresh().toMillis();
  }

  private static <T> Future<T> invalid() {
    return Future.failedFuture(GatewayError.of(ErrorCode.INVALID_API_TOKEN, new JsonObject().putNull("details")));
  }

  private record Fetched(JsonObject jwks, String cacheControl) {
  }

}
