package io.deletiongateway.proxy;

import io.vertx.core.MultiMap;

import java.util.Locale;
import java.util.Set;

/** RFC 9110 §7.6.1: connection-specific headers, and any header a Connection header names, never cross a proxy. */
final class HopByHop {
  private static final Set<String> ALWAYS = Set.of(
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
    "te", "trailer", "transfer-encoding", "upgrade", "http2-settings");
  private static final CharSequence CONNECTION = io.vertx.core.http.HttpHeaders.createOptimized("connection");

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

  /** The names Connection lists; nothing allocated for the usual answer (none, or one name such as keep-alive). */
  private static Set<String> namedByConnection(MultiMap headers) {
    if (!headers.contains(CONNECTION)) {
      return Set.of();
    }
    java.util.List<String> values = headers.getAll(CONNECTION);
    if (values.size() == 1 && values.get(0).indexOf(',') < 0) {
      String name = values.get(0).trim().toLowerCase(Locale.ROOT);
      return name.isEmpty() ? Set.of() : Set.of(name);
    }
    java.util.HashSet<String> names = new java.util.HashSet<>();
    for (String value : values) {
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
