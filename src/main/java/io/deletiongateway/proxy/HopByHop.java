package io.deletiongateway.proxy;

import io.deletiongateway.hygiene.HeaderNames;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** RFC 9110 §7.6.1: connection-specific headers, and any header a Connection header names, never cross a proxy. */
final class HopByHop {
  private static final HeaderNames ALWAYS = HeaderNames.of(List.of(
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
    "te", "trailer", "transfer-encoding", "upgrade", "http2-settings"));
  private static final CharSequence CONNECTION = io.vertx.core.http.HttpHeaders.createOptimized("connection");

  private HopByHop() {
  }

  /** Copies {@code from} into {@code to} without hop-by-hop headers and without names {@code skip} contains. */
  static void copy(MultiMap from, MultiMap to, HeaderNames skip) {
    HeaderNames named = namedByConnection(from);
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey();
      if (!ALWAYS.contains(name) && !skip.contains(name) && (named == null || !named.contains(name))) {
        to.add(name, header.getValue());
      }
    }
  }

  /**
   * The names Connection lists beyond the ones always dropped, or null when there are none: the usual request
   * (no Connection header) and answer ({@code Connection: keep-alive}) allocate nothing here.
   */
  private static HeaderNames namedByConnection(MultiMap headers) {
    if (!headers.contains(CONNECTION)) {
      return null;
    }
    List<String> values = headers.getAll(CONNECTION);
    if (values.size() == 1 && values.get(0).indexOf(',') < 0 && ALWAYS.contains(values.get(0).trim())) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (String value : values) {
      for (String token : value.split(",")) {
        String name = token.trim();  // HeaderNames folds case itself
        if (!name.isEmpty() && !ALWAYS.contains(name)) {
          names.add(name);
        }
      }
    }
    return names.isEmpty() ? null : HeaderNames.of(names);
  }
}
