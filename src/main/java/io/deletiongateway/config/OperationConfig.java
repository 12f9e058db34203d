package io.deletiongateway.config;

/**
 * One served contract operation, the backend it goes to, the rate-limit policy it is under (if any), and whether
 * it takes an {@code Idempotency-Key} (destructive operations only).
 */
public record OperationConfig(String operationId, String backend, java.util.Optional<String> rateLimit, Idempotency idempotency) {
  /** {@code off}: the header is ignored; {@code optional}: honoured when sent; {@code required}: a request without it is refused. */
  public enum Idempotency { OFF, OPTIONAL, REQUIRED }
}
