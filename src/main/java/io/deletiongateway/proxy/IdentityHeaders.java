package io.deletiongateway.proxy;

import io.deletiongateway.auth.Principal;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;


/**
 * What the backend learns about the caller: X-Gateway-Principal, -Principal-Kind, -Principal-Issuer (JWTs),
 * -Organization, -Scopes.
 * Client-sent headers in this namespace are dropped in every spelling, including underscores, which some
 * backends (CGI-style servers, nginx with underscores_in_headers) treat as dashes.
 */
final class IdentityHeaders {
  /** The gateway's own header names' prefix: a client's are dropped in every spelling. */
  static final String NAMESPACE = "x-gateway-";
  private static final CharSequence PRINCIPAL = HttpHeaders.createOptimized("X-Gateway-Principal");
  private static final CharSequence KIND = HttpHeaders.createOptimized("X-Gateway-Principal-Kind");
  private static final CharSequence ISSUER = HttpHeaders.createOptimized("X-Gateway-Principal-Issuer");
  private static final CharSequence ORGANIZATION = HttpHeaders.createOptimized("X-Gateway-Organization");
  private static final CharSequence SCOPES = HttpHeaders.createOptimized("X-Gateway-Scopes");

  private IdentityHeaders() {
  }

  static void add(Principal principal, MultiMap headers) {
    if (principal == null) {
      return;
    }
    GatewayHeaders.set(headers, PRINCIPAL, principal.id());
    GatewayHeaders.set(headers, KIND, principal.kind());
    principal.issuer().ifPresent(issuer -> GatewayHeaders.set(headers, ISSUER, issuer));
    if (principal.organization() != null) {
      GatewayHeaders.set(headers, ORGANIZATION, principal.organization());
    }
    GatewayHeaders.set(headers, SCOPES, principal.grant().listed());
  }
}
