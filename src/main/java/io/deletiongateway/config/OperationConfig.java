package io.deletiongateway.config;

/** One served contract operation, the backend it goes to and the rate-limit policy it is under (if any). */
public record OperationConfig(String operationId, String backend, java.util.Optional<String> rateLimit) {
}
