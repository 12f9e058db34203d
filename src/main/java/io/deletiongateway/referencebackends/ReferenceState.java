package io.deletiongateway.referencebackends;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference backends' mutable state. Each started instance owns its own copy, so a test gets fresh
 * organizations and users. {@link #demo()} is the data the quick start, the tests and the benchmarks use.
 */
public final class ReferenceState {
  final Map<String, KatapultOrganization> katapult = new ConcurrentHashMap<>();
  final Map<String, AtlasOrganization> atlas = new ConcurrentHashMap<>();
  final Map<String, F5User> f5Users = new ConcurrentHashMap<>();

  public ReferenceState add(KatapultOrganization org) {
    katapult.put(org.id(), org);
    return this;
  }

  public ReferenceState add(AtlasOrganization org) {
    atlas.put(org.id(), org);
    return this;
  }

  public ReferenceState add(F5User user) {
    f5Users.put(user.email().toLowerCase(java.util.Locale.ROOT), user);
    return this;
  }

  public static ReferenceState demo() {
    var s = new ReferenceState();
    s.add(new KatapultOrganization("org_5xk2n8qvd3", "acme", KatapultOrganization.Status.ACTIVE,
      Map.of("virtual_machines", 2, "disks", 3, "dns_zones", 1, "ip_addresses", 2)));
    s.add(new KatapultOrganization("org_7hd93kfw1c", "emptyco", KatapultOrganization.Status.ACTIVE, Map.of()));
    s.add(new KatapultOrganization("org_s8k2lq0ax4", "suspendedco", KatapultOrganization.Status.SUSPENDED, Map.of()));
    s.add(new KatapultOrganization("org_n4m2p9zzb2", "pendingco", KatapultOrganization.Status.NOT_ACTIVATED, Map.of()));

    s.add(new AtlasOrganization("4888442a3354817a7320eb61", "Acme Atlas",
      List.of("60c4fd418ebe251047c50554", "60c4fd418ebe251047c50555")));
    for (String id : List.of("5f1e0b6e0d4c7a3b2c1d0e9f", "65a1b2c3d4e5f60718293a4b", "65a1b2c3d4e5f60718293a4c",
      "65a1b2c3d4e5f60718293a4d", "65a1b2c3d4e5f60718293a4e")) {
      s.add(new AtlasOrganization(id, "Empty org " + id.substring(20), List.of()));
    }

    s.add(new F5User("alice@example.com", "8a1f2c3d-0001-4e5f-9a0b-1c2d3e4f5a61", List.of(
      new F5User.RoleBinding("alice-system-admin", "rb-0001", "system", "ves-io-admin-role"),
      new F5User.RoleBinding("alice-default-developer", "rb-0002", "default", "ves-io-power-developer-role"),
      new F5User.RoleBinding("alice-shop-monitor", "rb-0003", "shop", "ves-io-monitor-role"))));
    s.add(new F5User("bob@example.com", "8a1f2c3d-0002-4e5f-9a0b-1c2d3e4f5a62", List.of(
      new F5User.RoleBinding("bob-default-developer", "rb-0004", "default", "ves-io-power-developer-role"))));
    s.add(new F5User("carol@example.com", "8a1f2c3d-0003-4e5f-9a0b-1c2d3e4f5a63", List.of()));
    return s;
  }
}
