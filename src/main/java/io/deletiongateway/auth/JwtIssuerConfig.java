package io.deletiongateway.auth;

import io.deletiongateway.network.Cidr;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An OAuth2 issuer whose JWT access tokens the gateway accepts. Keys come from {@code jwksUrl} or from
 * {@code publicKeys} (PEM). Only {@code algorithms} are ever tried. {@code name} (its key under
 * {@code auth.jwt_issuers}) qualifies its principals. Its tokens must hold an API's OAuth2 scopes in their
 * documented form (Katapult's {@code api.katapult.io/core/v1/…}) unless {@code acceptBareScopes}.
 */
public record JwtIssuerConfig(
  String name,
  String issuer,
  Set<String> audiences,
  Set<String> algorithms,
  int leewaySeconds,
  Optional<URI> jwksUrl,
  List<PemKey> publicKeys,
  Duration minRefreshInterval,
  Duration defaultRefresh,
  String organizationClaim,
  String managedOrganizationsClaim,
  List<Cidr> networks,
  boolean acceptBareScopes) {

  /** A verification key given inline: its id, algorithm, and PEM text (or the secret for HS algorithms). */
  public record PemKey(String kid, String algorithm, String pem) {
  }
}
