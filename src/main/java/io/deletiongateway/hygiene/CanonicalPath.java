package io.deletiongateway.hygiene;

import java.util.regex.Pattern;

/**
 * Whether a raw request path is canonical: the only form the gateway routes, authorizes and forwards. Refused,
 * because a router, an authorizer and a backend could each read them differently: encoded slash or backslash,
 * backslash, encoded dot or any dot segment, {@code ;} parameters, {@code %25} (double encoding), encoded or raw
 * control characters, empty segments (a trailing slash too), and percent-encoded unreserved characters (which normalization would
 * silently decode). What remains normalizes to itself, so the path routed is the path forwarded.
 */
public final class CanonicalPath {
  private static final Pattern REFUSED_ENCODING = Pattern.compile(
    "%(2[fFeE5]|5[cC]|[01][0-9a-fA-F]|7[fF]|[46][1-9a-fA-F]|[57][0-9aA]|3[0-9]|2[dD]|5[fF]|7[eE])");
  private static final Pattern MALFORMED_ENCODING = Pattern.compile("%(?![0-9a-fA-F]{2})");

  private CanonicalPath() {
  }

  /** Null when canonical, otherwise the reason. */
  public static String problem(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return "the path must start with /";
    }
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
    }
    if (MALFORMED_ENCODING.matcher(rawPath).find()) {
      return "malformed percent-encoding";
    }
    if (REFUSED_ENCODING.matcher(rawPath).find()) {
      return "percent-encoded slash, backslash, dot, percent, control or unreserved character";
    }
    if (PercentEncoding.decode(rawPath, false) == null) {
      return "raw non-ASCII, or a percent-encoding that is not valid UTF-8 or decodes to a control";
    }
    for (String segment : rawPath.substring(1).split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return "dot segment";
      }
    }
    if (rawPath.contains("//") || (rawPath.length() > 1 && rawPath.endsWith("/"))) {
      return "empty path segment";
    }
    return null;
  }
}
