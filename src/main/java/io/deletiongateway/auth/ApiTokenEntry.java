package io.deletiongateway.auth;

import io.deletiongateway.network.Cidr;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A stored API token: never the token, only its SHA-256, and what it may do. */
public record ApiTokenEntry(
  String id,
  byte[] sha256,
  String organization,
  Set<String> managedOrganizations,
  Set<String> scopes,
  List<Cidr> networks,
  Optional<Instant> expires,
  Status status) {

  public enum Status { ACTIVE, REVOKED }

  Principal principal() {
    return new Principal(id, Principal.Kind.API_TOKEN, organization, managedOrganizations, scopes, networks, Set.of());
  }
}
