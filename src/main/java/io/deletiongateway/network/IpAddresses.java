package io.deletiongateway.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP literals only (never DNS) and canonicalises IPv4-mapped IPv6 (::ffff:a.b.c.d) to IPv4. */
public final class IpAddresses {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpAddresses() {
  }

  /** The address bytes (4 or 16), or null when {@code text} is not an IP literal. */
  public static byte[] parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    boolean v4 = IPV4.matcher(s).matches();
    if (v4) {
      for (String part : s.split("\\.")) {
        if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) {
          return null;  // no octal-looking or out-of-range octets
        }
      }
    } else if (!s.contains(":") || !IPV6.matcher(s).matches()) {
      return null;
    }
    try {
      return canonical(InetAddress.getByName(s).getAddress());  // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The canonical text form: dotted IPv4, or RFC 5952-ish compressed IPv6 as Java prints it. */
  public static String format(byte[] address) {
    try {
      String text = InetAddress.getByAddress(address).getHostAddress();
      return address.length == 16 ? compress(text) : text;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Canonical text of an IP literal, or null. */
  public static String canonical(String text) {
    byte[] bytes = parse(text);
    return bytes == null ? null : format(bytes);
  }

  private static byte[] canonical(byte[] address) {
    if (address.length == 16) {
      boolean mapped = address[10] == (byte) 0xff && address[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = address[i] == 0;
      }
      if (mapped) {
        return new byte[] {address[12], address[13], address[14], address[15]};
      }
    }
    return address;
  }

  private static String compress(String full) {
    // Java prints 0:0:0:0:0:0:0:1; compress the longest run of zero groups.
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < groups.length; ) {
      if (groups[i].equals("0")) {
        int j = i;
        while (j < groups.length && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i > 1) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
    return head + "::" + tail;
  }
}
