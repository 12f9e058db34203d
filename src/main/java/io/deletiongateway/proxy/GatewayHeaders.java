package io.deletiongateway.proxy;

import io.vertx.core.MultiMap;


/**
 * The one way the gateway writes a header value built from data (identities, addresses, ids): the value must
 * be visible ASCII and single spaces, so no CR, LF, NUL or obs-fold can split or extend a header. Verifiers
 * already refuse credentials carrying anything else; reaching the exception here is a bug, answered 500.
 */
final class GatewayHeaders {
  private static final int MAX_LENGTH = 8192;

  private GatewayHeaders() {
  }

  static void set(MultiMap headers, CharSequence name, String value) {
    if (value.isEmpty()) {
      headers.remove(name);
      return;
    }
    if (!safe(value)) {
      throw new IllegalStateException("refusing to write an unsafe value into " + name);
    }
    headers.set(name, value);
  }

  /** Visible ASCII, with spaces only inside, at most 8192 characters (a scan: this runs several times per request). */
  static boolean safe(String value) {
    int last = value.length() - 1;
    if (last < 0 || last >= MAX_LENGTH || value.charAt(0) == ' ' || value.charAt(last) == ' ') {
      return false;
    }
    for (int i = 0; i <= last; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
