package io.deletiongateway.auth;

import io.deletiongateway.network.Cidr;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A stored API token: never the token, only its SHA-256, and what it may do. {@code certificate}, when set, binds it
 * to one client certificate (its RFC 8705 {@code x5t#S256} thumbprint): without that certificate the token is refused.
 */
public record ApiTokenEntry(
  String id,
  byte[] sha256,
  String organization,
  Set<String> managedOrganizations,
  Set<String> scopes,
  List<Cidr> networks,
  Optional<Instant> expires,
  Status status,
  Optional<String> certificate) {

  public enum Status { ACTIVE, REVOKED }

  /** By value, the hash included (a record would compare the array by identity). */
  @Override
  public boolean equals(Object other) {
    return other instanceof ApiTokenEntry e && id.equals(e.id) && java.util.Arrays.equals(sha256, e.sha256)
      && java.util.Objects.equals(organization, e.organization) && managedOrganizations.equals(e.managedOrganizations)
      && scopes.equals(e.scopes) && networks.equals(e.networks) && expires.equals(e.expires) && status == e.status
      && certificate.equals(e.certificate);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(id, java.util.Arrays.hashCode(sha256), organization, scopes, status);
  }

  @Override
  public String toString() {
    return "ApiTokenEntry[" + id + "]";  // never the hash
  }

  Principal principal() {
    return new Principal(id, "api_token", java.util.Optional.empty(), organization, managedOrganizations, networks,
      new Grant.Scopes(scopes, false, true), certificate);
  }
}
