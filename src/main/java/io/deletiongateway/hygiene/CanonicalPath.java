package io.deletiongateway.hygiene;


/**
 * Whether a raw request path is canonical: the only form the gateway routes, authorizes and forwards. Refused,
 * because a router, an authorizer and a backend could each read them differently: encoded slash or backslash,
 * backslash, encoded dot or any dot segment, {@code ;} parameters, {@code %25} (double encoding), encoded or raw
 * control characters, empty segments (a trailing slash too), and percent-encoded unreserved characters (which normalization would
 * silently decode). What remains normalizes to itself, so the path routed is the path forwarded.
 */
public final class CanonicalPath {
  private CanonicalPath() {
  }

  /** Null when canonical, otherwise the reason. One scan: every request's path comes here. */
  public static String problem(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return "the path must start with /";
    }
    boolean malformed = false;
    boolean refused = false;
    boolean dotSegment = false;
    int segmentStart = 1;
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "control character";
      }
      if (c == '\\') {
        return "backslash";
      }
      if (c == ';') {
        return "path parameter (;)";
      }
      if (c == '%') {
        int high = i + 2 < rawPath.length() ? PercentEncoding.hex(rawPath.charAt(i + 1)) : -1;
        int low = high < 0 ? -1 : PercentEncoding.hex(rawPath.charAt(i + 2));
        if (low < 0) {
          malformed = true;
        } else {
          refused |= refusedEncoded(high * 16 + low);
        }
      }
      if (c == '/' && i > 0) {
        dotSegment |= isDotSegment(rawPath, segmentStart, i);
        segmentStart = i + 1;
      }
    }
    if (malformed) {
      return "malformed percent-encoding";
    }
    if (refused) {
      return "percent-encoded slash, backslash, dot, percent, control or unreserved character";
    }
    if (PercentEncoding.decode(rawPath, false) == null) {
      return "raw non-ASCII, or a percent-encoding that is not valid UTF-8 or decodes to a control";
    }
    if (dotSegment || isDotSegment(rawPath, segmentStart, rawPath.length())) {
      return "dot segment";
    }
    if (rawPath.contains("//") || (rawPath.length() > 1 && rawPath.endsWith("/"))) {
      return "empty path segment";
    }
    return null;
  }

  /**
   * Bytes that must never be percent-encoded in a path the gateway forwards: slash, backslash, dot, percent and
   * controls (they change what the path means to someone), and the unreserved characters (normalization decodes them).
   */
  private static boolean refusedEncoded(int b) {
    return b < 0x20 || b == 0x7f || b == '/' || b == '\\' || b == '%' || PercentEncoding.unreserved(b);
  }

  private static boolean isDotSegment(String path, int from, int to) {
    int length = to - from;
    return (length == 1 || length == 2) && path.charAt(from) == '.' && (length == 1 || path.charAt(from + 1) == '.');
  }
}
