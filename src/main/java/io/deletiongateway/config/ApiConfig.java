package io.deletiongateway.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * One API family: its OpenAPI contract and the operations of it the gateway serves. Operations of the
 * contract that are not listed here are not routed at all.
 */
public record ApiConfig(String name, Path contract, String backend, Map<String, OperationConfig> operations) {
}
