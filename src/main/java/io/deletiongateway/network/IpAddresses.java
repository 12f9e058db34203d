package io.deletiongateway.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP literals only (never DNS) and canonicalises IPv4-mapped IPv6 (::ffff:a.b.c.d) to IPv4. */
public final class IpAddresses {
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
    if (s.indexOf(':') < 0) {
      return ipv4(s);
    }
    if (!IPV6.matcher(s).matches()) {
      return null;
    }
    try {
      return canonical(InetAddress.getByName(s).getAddress());  // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Dotted-quad IPv4 only: four decimal octets of at most 255, no leading zeros (nothing octal-looking). */
  private static byte[] ipv4(String s) {
    byte[] address = new byte[4];
    int octet = 0;
    int digits = 0;
    int value = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits == 3 || (digits == 1 && value == 0)) {
          return null;
        }
        value = value * 10 + (c - '0');
        digits++;
      } else if (c == '.' && digits > 0 && value <= 255 && octet < 4) {
        address[octet++] = (byte) value;
        digits = 0;
        value = 0;
      } else {
        return null;
      }
    }
    return octet == 4 ? address : null;
  }

  /** The canonical text form: dotted IPv4, or RFC 5952-ish compressed IPv6 as Java prints it. */
  public static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }
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
