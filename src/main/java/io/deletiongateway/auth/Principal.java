package io.deletiongateway.auth;

import io.deletiongateway.network.Cidr;

import java.util.List;
import java.util.Set;

/**
 * Who is calling, after verification. {@code networks} empty means any address; {@code operations} is only
 * set for capabilities tokens, which are authorized per operation instead of per scope.
 */
public record Principal(
  String id,
  Kind kind,
  String organization,
  Set<String> managedOrganizations,
  Set<String> scopes,
  List<Cidr> networks,
  Set<String> operations) {

  public enum Kind { API_TOKEN, JWT, CAPABILITIES }

  public boolean actsFor(String organizationId) {
    return organizationId.equals(organization) || managedOrganizations.contains(organizationId);
  }
}
