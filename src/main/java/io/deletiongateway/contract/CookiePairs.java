package io.deletiongateway.contract;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Cookie header's name=value pairs as sent, which is what is forwarded. Vert.x's own reading (Netty's strict
 * decoder) strips a value's quotes and silently drops a pair holding octets RFC 6265 forbids, so a declared cookie
 * would be validated shorter than forwarded, or not at all while a lenient backend still reads it.
 */
final class CookiePairs {
  private CookiePairs() {
  }

  /**
   * Every pair of every Cookie header: names trimmed (as lenient readers trim them), values as sent, spaces and all
   * ({@link #isPlain} refuses them), a bare name as one with an empty value (as Go's reader takes it).
   */
  static List<Map.Entry<String, String>> of(MultiMap headers) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (String header : headers.getAll(HttpHeaders.COOKIE)) {
      for (String pair : header.split(";", -1)) {
        int equals = pair.indexOf('=');
        String name = (equals < 0 ? pair : pair.substring(0, equals)).strip();
        if (!name.isEmpty()) {
          pairs.add(Map.entry(name, equals < 0 ? "" : pair.substring(equals + 1)));
        }
      }
    }
    return pairs;
  }

  /** How many pairs are named {@code name} (case-sensitive, as cookie names are). */
  static int count(List<Map.Entry<String, String>> pairs, String name) {
    int count = 0;
    for (Map.Entry<String, String> pair : pairs) {
      count += pair.getKey().equals(name) ? 1 : 0;
    }
    return count;
  }

  /**
   * RFC 6265 §4.1.1 cookie-octets, unquoted: the one form every reader takes as the same text. A quoted value is
   * read with its quotes by some backends and without by others.
   */
  static boolean isPlain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
