package io.deletiongateway.config;

import io.deletiongateway.errors.DialectChoice;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One API family: its OpenAPI contract and the operations of it the gateway serves. Operations of the
 * contract that are not listed here are not routed at all. {@code authScheme} is the Authorization scheme its
 * clients use (Bearer, or APIToken for F5); {@code errorDialect} the shape of its errors; {@code envelope} whether
 * its clients may ask for Atlas envelopes with envelope=true; {@code pathPrefix} the paths whose answers (a 404 for
 * an unknown path, say) are this API's, when not derived from its operations.
 */
public record ApiConfig(String name, Path contract, String backend, String authScheme, DialectChoice errorDialect,
                        boolean envelope, Optional<String> pathPrefix, Map<String, OperationConfig> operations) {
}
