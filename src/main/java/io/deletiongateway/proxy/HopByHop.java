package io.deletiongateway.proxy;

import io.vertx.core.MultiMap;

import java.util.Locale;
import java.util.Set;

/** RFC 9110 §7.6.1: connection-specific headers, and any header a Connection header names, never cross a proxy. */
final class HopByHop {
  private static final Set<String> ALWAYS = Set.of(
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
    "te", "trailer", "transfer-encoding", "upgrade", "http2-settings");

  private HopByHop() {
  }

  /** Copies {@code from} into {@code to} without hop-by-hop headers and without names {@code skip} accepts (lower case). */
  static void copy(MultiMap from, MultiMap to, java.util.function.Predicate<String> skip) {
    Set<String> named = namedByConnection(from);
    from.forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!ALWAYS.contains(lower) && !named.contains(lower) && !skip.test(lower)) {
        to.add(name, value);
      }
    });
  }

  private static Set<String> namedByConnection(MultiMap headers) {
    java.util.HashSet<String> names = new java.util.HashSet<>();
    for (String value : headers.getAll("connection")) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
