package io.deletiongateway.config;

import io.deletiongateway.auth.ApiTokenEntry;
import io.deletiongateway.auth.CapabilitiesConfig;
import io.deletiongateway.auth.JwtIssuerConfig;
import io.deletiongateway.auth.Organization;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Credentials the gateway accepts and the organizations it knows. */
public record AuthConfig(
  Map<String, ApiTokenEntry> apiTokens,
  List<JwtIssuerConfig> jwtIssuers,
  Optional<CapabilitiesConfig> capabilities,
  Map<String, Organization> organizations) {
}
