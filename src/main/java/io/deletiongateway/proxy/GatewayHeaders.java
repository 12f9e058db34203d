package io.deletiongateway.proxy;

import io.vertx.core.MultiMap;

import java.util.regex.Pattern;

/**
 * The one way the gateway writes a header value built from data (identities, addresses, ids): the value must
 * be visible ASCII and single spaces, so no CR, LF, NUL or obs-fold can split or extend a header. Verifiers
 * already refuse credentials carrying anything else; reaching the exception here is a bug, answered 500.
 */
final class GatewayHeaders {
  private static final Pattern SAFE = Pattern.compile("[\\x21-\\x7E]([\\x20-\\x7E]{0,8190}[\\x21-\\x7E])?");

  private GatewayHeaders() {
  }

  static void set(MultiMap headers, String name, String value) {
    if (value.isEmpty()) {
      headers.remove(name);
      return;
    }
    if (!SAFE.matcher(value).matches()) {
      throw new IllegalStateException("refusing to write an unsafe value into " + name);
    }
    headers.set(name, value);
  }
}
