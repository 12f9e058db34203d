package io.deletiongateway.auth;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies API tokens against stored hashes. Entries are looked up by the token's public id, then the hash of
 * the presented token is compared with the stored hash in constant time. The entry set is swapped atomically
 * (config reload, Redis sync) and never mutated in place.
 */
public final class ApiTokenStore {
  private final AtomicReference<Map<String, ApiTokenEntry>> entries;
  private final Clock clock;

  public ApiTokenStore(Map<String, ApiTokenEntry> initial, Clock clock) {
    this.entries = new AtomicReference<>(Map.copyOf(initial));
    this.clock = clock;
  }

  public void replaceAll(Map<String, ApiTokenEntry> next) {
    entries.set(Map.copyOf(next));
  }

  /** The principal for a valid, active, unexpired token; empty for anything else. */
  public Optional<Principal> verify(String token) {
    String id = ApiTokenFormat.idOf(token);
    if (id == null) {
      return Optional.empty();
    }
    ApiTokenEntry entry = entries.get().get(id);
    byte[] presented = ApiTokenFormat.sha256(token);
    byte[] stored = entry == null ? new byte[presented.length] : entry.sha256();
    boolean matches = MessageDigest.isEqual(presented, stored);  // constant time for equal lengths
    if (entry == null || !matches || entry.status() != ApiTokenEntry.Status.ACTIVE) {
      return Optional.empty();
    }
    if (entry.expires().isPresent() && !clock.instant().isBefore(entry.expires().get())) {
      return Optional.empty();
    }
    return Optional.of(entry.principal());
  }
}
