package io.deletiongateway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One config's verifiers, in the order the authentication stage tries them (API tokens, capabilities tokens,
 * then each JWT issuer), shared by all its routes. Built per config; the stores and key sets they read are
 * long-lived. {@code jwtIssuers} are listed apart for readiness.
 */
public record Credentials(List<CredentialVerifier> verifiers, List<JwtAccessTokens> jwtIssuers) {

  static Credentials of(ApiTokenStore tokens, List<JwtAccessTokens> jwtIssuers, Optional<CapabilitiesTokens> capabilities) {
    List<CredentialVerifier> verifiers = new ArrayList<>();
    verifiers.add(new ApiTokenVerifier(tokens));
    capabilities.ifPresent(verifiers::add);
    verifiers.addAll(jwtIssuers);
    return new Credentials(List.copyOf(verifiers), List.copyOf(jwtIssuers));
  }
}
