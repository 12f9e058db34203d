package io.deletiongateway.auth;

import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What a principal may do, in the terms of its credential kind: scopes, or a list of operations. */
public sealed interface Grant {
  /** Empty when the operation is granted, else the refusal. */
  Optional<GatewayError> refusal(OperationSpec operation);

  /** The granted items, sorted, for X-Gateway-Scopes. */
  Set<String> items();

  /**
   * Scopes. {@code oauth}: an OAuth2 access token, checked against the contract's OAuth2 scopes in their
   * documented (prefixed) form; {@code bareAccepted}: its issuer may also grant the bare names.
   */
  record Scopes(Set<String> scopes, boolean oauth, boolean bareAccepted) implements Grant {
    public Scopes {
      scopes = sorted(scopes);
    }

    @Override
    public Optional<GatewayError> refusal(OperationSpec operation) {
      if (operation.scopes().grantedBy(scopes, oauth, bareAccepted)) {
        return Optional.empty();
      }
      return Optional.of(GatewayError.of(ErrorCode.SCOPE_NOT_GRANTED,
        new JsonObject().put("scopes", operation.scopes().accepted(oauth))));
    }

    @Override
    public Set<String> items() {
      return scopes;
    }
  }

  /** The operation ids a capabilities token lists. */
  record Operations(Set<String> operations) implements Grant {
    public Operations {
      operations = sorted(operations);
    }

    @Override
    public Optional<GatewayError> refusal(OperationSpec operation) {
      if (operations.contains(operation.operationId())) {
        return Optional.empty();
      }
      return Optional.of(GatewayError.of(ErrorCode.PERMISSION_DENIED,
        new JsonObject().put("details", "the capabilities token does not include " + operation.operationId())));
    }

    @Override
    public Set<String> items() {
      return operations;
    }
  }

  /** Sorted once, when the grant is made (X-Gateway-Scopes lists them on every forwarded request). */
  private static Set<String> sorted(Set<String> items) {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(items));
  }
}
