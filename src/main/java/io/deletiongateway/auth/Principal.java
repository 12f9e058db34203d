package io.deletiongateway.auth;

import io.deletiongateway.network.Cidr;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The verified caller, as its verifier built it. {@code id} is unique across credential kinds and issuers
 * ({@code demo-full}, {@code jwt:identity:svc-42}, {@code cap:runbook-7}): it names the caller in identity
 * headers, audit records and rate-limit keys. {@code kind} and {@code issuer} (the configured issuer's name, for
 * JWTs) say where it came from; {@code grant} what it may do; {@code certificate} the client certificate (its
 * {@code x5t#S256}) the credential is bound to, which the connection must present. Every string in it was checked by its verifier
 * ({@link ClaimValues}), so each can be written into a header.
 */
public record Principal(
  String id,
  String kind,
  Optional<String> issuer,
  String organization,
  Set<String> managedOrganizations,
  List<Cidr> networks,
  Grant grant,
  Optional<String> certificate) {

  public boolean actsFor(String organizationId) {
    return organizationId.equals(organization) || managedOrganizations.contains(organizationId);
  }
}
