package io.deletiongateway.proxy;

import io.deletiongateway.auth.Principal;
import io.vertx.core.MultiMap;


/**
 * What the backend learns about the caller: X-Gateway-Principal, -Principal-Kind, -Principal-Issuer (JWTs),
 * -Organization, -Scopes.
 * Client-sent headers in this namespace are dropped in every spelling, including underscores, which some
 * backends (CGI-style servers, nginx with underscores_in_headers) treat as dashes.
 */
final class IdentityHeaders {
  private static final String NAMESPACE = "x-gateway-";

  private IdentityHeaders() {
  }

  static boolean isIdentityHeader(String lowerCaseName) {
    return lowerCaseName.replace('_', '-').startsWith(NAMESPACE);
  }

  static void add(Principal principal, MultiMap headers) {
    if (principal == null) {
      return;
    }
    GatewayHeaders.set(headers, "X-Gateway-Principal", principal.id());
    GatewayHeaders.set(headers, "X-Gateway-Principal-Kind", principal.kind());
    principal.issuer().ifPresent(issuer -> GatewayHeaders.set(headers, "X-Gateway-Principal-Issuer", issuer));
    if (principal.organization() != null) {
      GatewayHeaders.set(headers, "X-Gateway-Organization", principal.organization());
    }
    GatewayHeaders.set(headers, "X-Gateway-Scopes", String.join(" ", principal.grant().items()));
  }
}
