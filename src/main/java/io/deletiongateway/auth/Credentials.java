package io.deletiongateway.auth;

import java.util.List;
import java.util.Optional;

/** One config's verifiers, shared by all its routes (built per config; the stores and key sets they read are long-lived). */
public record Credentials(ApiTokenStore apiTokens, List<JwtAccessTokens> jwtIssuers, Optional<CapabilitiesTokens> capabilities) {
}
