package io.deletiongateway.auth;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.pipeline.RequestAttributes;
import io.deletiongateway.ratelimit.FailedAuthThrottle;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Pipeline stage: exactly one {@code Authorization: <scheme> <credential>} header, verified by the first of
 * the config's {@link CredentialVerifier}s that owns it: an API token ({@code dgt_…}), a capabilities token (JWS
 * with typ dg-cap+jwt) or a JWT access token of a configured issuer.
 * No credential → 400 missing_api_token; two headers → 400 duplicate_header; anything unverifiable →
 * 403 invalid_api_token (invalid_capabilities_token for capabilities tokens).
 */
public final class AuthenticationStage implements Handler<RoutingContext> {
  private static final int MAX_CREDENTIAL_CHARS = 6144;  // under HTTP/2's 8 KiB header list

  private final String scheme;
  private final String schemeName;
  private final Credentials credentials;
  private final Optional<FailedAuthThrottle> throttle;

  public AuthenticationStage(String scheme, Credentials credentials, Optional<FailedAuthThrottle> throttle) {
    this.scheme = scheme.toLowerCase(Locale.ROOT) + " ";
    this.schemeName = scheme;
    this.credentials = credentials;
    this.throttle = throttle;
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<String> headers = ctx.request().headers().getAll(io.vertx.core.http.HttpHeaders.AUTHORIZATION);
    if (headers.size() > 1) {
      ctx.fail(GatewayError.of(ErrorCode.DUPLICATE_HEADER, new JsonObject().put("header", "Authorization")));
      return;
    }
    String value = headers.isEmpty() ? "" : headers.get(0);
    String rest = value.length() > scheme.length() && startsWithScheme(value) ? value.substring(scheme.length()) : null;
    if (rest == null || rest.isBlank()) {
      // Katapult's text names Bearer; an API whose scheme is another (F5's APIToken) names its own.
      ctx.fail(GatewayError.of(ErrorCode.MISSING_API_TOKEN).withDescription(ErrorCode.MISSING_API_TOKEN.description()
        .replace("prefixed with Bearer", "prefixed with " + schemeName)));
      return;
    }
    String credential = rest.trim();
    verify(credential).onComplete(result -> {
      io.deletiongateway.observability.Tracing.stage("authenticated", result.succeeded() ? "verified" : "refused");
      if (result.succeeded()) {
        RequestAttributes.principal(ctx, result.result());
        ctx.next();
      } else if (throttle.isPresent() && isGuess(result.cause())) {
        throttle.get().failed(RequestAttributes.clientLimitKey(ctx), (GatewayError) result.cause()).onComplete(e -> ctx.fail(e.result()));
      } else {
        ctx.fail(result.cause());
      }
    });
  }

  /**
   * The scheme and its space, in any ASCII case and only that: what lower-casing the prefix accepted, without
   * the copies (regionMatches would also take non-ASCII letters that fold to ASCII ones, as U+212A to k).
   */
  private boolean startsWithScheme(String value) {
    for (int i = 0; i < scheme.length(); i++) {
      char c = value.charAt(i);
      if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != scheme.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The first verifier that owns the credential decides; none owning it means it is no credential of ours. */
  private Future<Principal> verify(String text) {
    if (text.length() > MAX_CREDENTIAL_CHARS) {
      return ApiTokenVerifier.invalid();
    }
    PresentedCredential credential = new PresentedCredential(text);
    for (CredentialVerifier verifier : credentials.verifiers()) {
      if (verifier.owns(credential)) {
        return verifier.verify(credential);
      }
    }
    if (credential.header() != null && CapabilitiesTokens.isCapabilitiesToken(credential.header())) {
      return Future.failedFuture(GatewayError.of(ErrorCode.INVALID_CAPABILITIES_TOKEN));  // none are accepted here
    }
    return ApiTokenVerifier.invalid();
  }

  /** A credential that was presented and refused: what a guesser produces. */
  private static boolean isGuess(Throwable failure) {
    return failure instanceof GatewayError error
      && (error.code() == ErrorCode.INVALID_API_TOKEN || error.code() == ErrorCode.INVALID_CAPABILITIES_TOKEN);
  }

}
