package io.deletiongateway.network;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Request headers in which a client (or a CDN, load balancer or proxy it controls) names a client address.
 * None of them reaches a backend as the client wrote it: the gateway removes them in every spelling (any case,
 * {@code -} or {@code _}) and sets its own X-Forwarded-For from the address it resolved. The defaults cover the
 * common CDNs, load balancers and frameworks; {@code server.client_address_headers} adds more.
 */
public final class ClientAddressHeaders {
  public static final List<String> DEFAULTS = List.of(
    "forwarded", "x-forwarded-for", "x-real-ip", "true-client-ip", "x-client-ip", "client-ip", "cf-connecting-ip",
    "cf-connecting-ipv6", "cf-pseudo-ipv4", "fastly-client-ip", "x-cluster-client-ip", "x-originating-ip",
    "x-remote-ip", "x-remote-addr", "x-proxyuser-ip", "wl-proxy-client-ip", "proxy-client-ip", "x-envoy-external-address",
    "x-azure-clientip", "x-azure-socketip", "x-appengine-user-ip", "akamai-client-ip", "x-original-forwarded-for",
    "x-forwarded", "forwarded-for", "x-coming-from", "via");

  private final Set<String> names;

  public ClientAddressHeaders(List<String> extra) {
    Set<String> all = new HashSet<>(DEFAULTS);
    extra.forEach(name -> all.add(normalize(name)));
    this.names = Set.copyOf(all);
  }

  /** The names, lower case, with dashes: a proxy drops each of them in every spelling. */
  public Set<String> names() {
    return names;
  }

  private static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
