package io.deletiongateway.config;

import io.deletiongateway.errors.ErrorDialect;

import java.nio.file.Path;
import java.util.Map;

/**
 * One API family: its OpenAPI contract and the operations of it the gateway serves. Operations of the
 * contract that are not listed here are not routed at all. {@code authScheme} is the Authorization scheme its
 * clients use (Bearer, or APIToken for F5); {@code errorDialect} the shape of its errors; {@code envelope} whether
 * its clients may ask for Atlas envelopes with envelope=true.
 */
public record ApiConfig(String name, Path contract, String backend, String authScheme, ErrorDialect errorDialect,
                        boolean envelope, Map<String, OperationConfig> operations) {
}
