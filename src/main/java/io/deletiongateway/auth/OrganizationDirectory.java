package io.deletiongateway.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The organizations the gateway knows, by id and by alias. Swapped whole on reload, never mutated in place. */
public final class OrganizationDirectory {
  private record Index(Map<String, Organization> byId, Map<String, Organization> byAlias) {
  }

  private final AtomicReference<Index> index = new AtomicReference<>();

  public OrganizationDirectory(Map<String, Organization> organizations) {
    replaceAll(organizations);
  }

  public void replaceAll(Map<String, Organization> organizations) {
    Map<String, Organization> byAlias = new HashMap<>();
    organizations.values().forEach(o -> o.alias().ifPresent(a -> byAlias.put(a, o)));
    index.set(new Index(Map.copyOf(organizations), Map.copyOf(byAlias)));
  }

  public Optional<Organization> byId(String id) {
    return Optional.ofNullable(index.get().byId().get(id));
  }

  public Optional<Organization> byAlias(String alias) {
    return Optional.ofNullable(index.get().byAlias().get(alias));
  }
}
