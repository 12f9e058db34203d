package io.deletiongateway.proxy;

import io.deletiongateway.auth.Principal;
import io.vertx.core.MultiMap;

import java.util.Locale;
import java.util.TreeSet;

/**
 * What the backend learns about the caller: X-Gateway-Principal, -Principal-Kind, -Organization, -Scopes.
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
    headers.set("X-Gateway-Principal", principal.id());
    headers.set("X-Gateway-Principal-Kind", principal.kind().name().toLowerCase(Locale.ROOT));
    if (principal.organization() != null) {
      headers.set("X-Gateway-Organization", principal.organization());
    }
    TreeSet<String> granted = new TreeSet<>(principal.kind() == Principal.Kind.CAPABILITIES ? principal.operations() : principal.scopes());
    headers.set("X-Gateway-Scopes", String.join(" ", granted));
  }
}
