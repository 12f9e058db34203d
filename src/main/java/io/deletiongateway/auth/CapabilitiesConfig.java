package io.deletiongateway.auth;

import java.time.Duration;
import java.util.List;

/** Keys that sign capabilities tokens, and the longest lifetime a token may claim. */
public record CapabilitiesConfig(List<JwtIssuerConfig.PemKey> keys, Duration maxLifetime, int leewaySeconds) {
}
