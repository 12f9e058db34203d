package io.deletiongateway.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * One API family: its OpenAPI contract and the operations of it the gateway serves. Operations of the
 * contract that are not listed here are not routed at all. {@code authScheme} is the Authorization scheme its
 * clients use (Bearer, or APIToken for F5).
 */
public record ApiConfig(String name, Path contract, String backend, String authScheme, Map<String, OperationConfig> operations) {
}
