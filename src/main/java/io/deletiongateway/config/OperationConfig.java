package io.deletiongateway.config;

/** One served contract operation and the backend it goes to. */
public record OperationConfig(String operationId, String backend) {
}
