package io.deletiongateway;

import io.deletiongateway.network.Cidr;
import io.deletiongateway.network.IpAddresses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address parsing and CIDR matching: literals only, canonical forms, IPv4-mapped IPv6, edge prefixes. */
class NetworkAddressTest {
  @Test
  void literalsAreCanonicalised() {
    assertEquals("203.0.113.8", IpAddresses.canonical("::ffff:203.0.113.8"));
    assertEquals("203.0.113.8", IpAddresses.canonical("[::ffff:cb00:7108]"));
    assertEquals("2001:db8::1", IpAddresses.canonical("2001:0db8:0:0:0:0:0:1"));
    assertEquals("::1", IpAddresses.canonical("::1"));
    for (String bad : new String[] {"localhost", "example.com", "1.2.3", "256.1.1.1", "01.2.3.4", "1.2.3.4.5", "", "::g", "1.2.3.4/8"}) {
      assertNull(IpAddresses.parse(bad), bad);
    }
  }

  @Test
  void cidrsMatchByPrefix() {
    Cidr v4 = Cidr.parse("203.0.113.0/24");
    assertTrue(v4.contains(IpAddresses.parse("203.0.113.255")));
    assertTrue(v4.contains(IpAddresses.parse("::ffff:203.0.113.1")));
    assertFalse(v4.contains(IpAddresses.parse("203.0.114.0")));
    Cidr odd = Cidr.parse("10.0.0.0/9");
    assertTrue(odd.contains(IpAddresses.parse("10.127.255.255")));
    assertFalse(odd.contains(IpAddresses.parse("10.128.0.0")));
    Cidr v6 = Cidr.parse("2001:db8::/32");
    assertTrue(v6.contains(IpAddresses.parse("2001:db8:ffff::1")));
    assertFalse(v6.contains(IpAddresses.parse("2001:db9::1")));
    assertFalse(v6.contains(IpAddresses.parse("203.0.113.1")));
    assertTrue(Cidr.parse("0.0.0.0/0").contains(IpAddresses.parse("8.8.8.8")));
    assertTrue(Cidr.parse("192.0.2.7").contains(IpAddresses.parse("192.0.2.7")));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8"));
  }
}
