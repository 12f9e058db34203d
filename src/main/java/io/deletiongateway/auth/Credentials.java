package io.deletiongateway.auth;

import java.util.List;
import java.util.Optional;

/** Every verifier the gateway has, built once at startup and shared by all routes. */
public record Credentials(ApiTokenStore apiTokens, List<JwtAccessTokens> jwtIssuers, Optional<CapabilitiesTokens> capabilities) {
}
