package io.deletiongateway.auth;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies API tokens against stored hashes. Entries are looked up by the token's public id, then the hash of
 * the presented token is compared with the stored hash in constant time. The entry set is swapped atomically
 * (config reload, Redis sync) and never mutated in place; each entry's principal is built with it, once, not per
 * request.
 */
public final class ApiTokenStore {
  private record Stored(ApiTokenEntry entry, Principal principal) {
  }

  private final AtomicReference<Map<String, Stored>> entries;
  private final Clock clock;

  public ApiTokenStore(Map<String, ApiTokenEntry> initial, Clock clock) {
    this.entries = new AtomicReference<>(stored(initial));
    this.clock = clock;
  }

  public void replaceAll(Map<String, ApiTokenEntry> next) {
    entries.set(stored(next));
  }

  private static Map<String, Stored> stored(Map<String, ApiTokenEntry> entries) {
    return entries.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
      Map.Entry::getKey, e -> new Stored(e.getValue(), e.getValue().principal())));
  }

  /** The principal for a valid, active, unexpired token; empty for anything else. */
  public Optional<Principal> verify(String token) {
    String id = ApiTokenFormat.idOf(token);
    if (id == null) {
      return Optional.empty();
    }
    Stored stored = entries.get().get(id);
    ApiTokenEntry entry = stored == null ? null : stored.entry();
    byte[] presented = ApiTokenFormat.sha256(token);
    byte[] expected = entry == null ? new byte[presented.length] : entry.sha256();
    boolean matches = MessageDigest.isEqual(presented, expected);  // constant time for equal lengths
    if (entry == null || !matches || entry.status() != ApiTokenEntry.Status.ACTIVE) {
      return Optional.empty();
    }
    if (entry.expires().isPresent() && !clock.instant().isBefore(entry.expires().get())) {
      return Optional.empty();
    }
    return Optional.of(stored.principal());
  }
}
