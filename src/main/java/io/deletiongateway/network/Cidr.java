package io.deletiongateway.network;

/** An IPv4 or IPv6 network. IPv4-mapped IPv6 addresses match IPv4 networks (both are canonicalised to IPv4). */
public record Cidr(byte[] network, int prefix, String text) {

  public static Cidr parse(String text) {
    String[] parts = text.trim().split("/", -1);
    byte[] address = IpAddresses.parse(parts[0]);
    if (address == null || parts.length > 2) {
      throw new IllegalArgumentException("not an IP network: '" + text + "'");
    }
    int bits = address.length * 8;
    int prefix;
    try {
      prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an IP network: '" + text + "'");
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix of '" + text + "' must be between 0 and " + bits);
    }
    return new Cidr(address, prefix, IpAddresses.format(address) + "/" + prefix);
  }

  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }

  public static boolean anyContains(java.util.List<Cidr> networks, byte[] address) {
    for (Cidr cidr : networks) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** By value: {@code text} is canonical, so two parses of one network are equal (a record would compare the array). */
  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr cidr && cidr.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
