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

  /** The granted items, sorted and joined by single spaces as X-Gateway-Scopes carries them (once, with the grant). */
  String listed();

  /**
   * Scopes. {@code oauth}: an OAuth2 access token, checked against the contract's OAuth2 scopes in their
   * documented (prefixed) form; {@code bareAccepted}: its issuer may also grant the bare names.
   */
  record Scopes(Set<String> scopes, boolean oauth, boolean bareAccepted, String listed) implements Grant {
    public Scopes(Set<String> scopes, boolean oauth, boolean bareAccepted) {
      this(scopes, oauth, bareAccepted, null);
    }

    public Scopes {  // listed is derived: whatever is passed, it becomes the sorted scopes joined
      scopes = sorted(scopes);
      listed = String.join(" ", scopes);
    }

    @Override
    public Optional<GatewayError> refusal(OperationSpec operation) {
      if (operation.scopes().grantedBy(scopes, oauth, bareAccepted)) {
        return Optional.empty();
      }
      return Optional.of(GatewayError.of(ErrorCode.SCOPE_NOT_GRANTED,
        new JsonObject().put("scopes", operation.scopes().accepted(oauth))));
    }
  }

  /** The operation ids a capabilities token lists. */
  record Operations(Set<String> operations, String listed) implements Grant {
    public Operations(Set<String> operations) {
      this(operations, null);
    }

    public Operations {  // listed is derived, as in Scopes
      operations = sorted(operations);
      listed = String.join(" ", operations);
    }

    @Override
    public Optional<GatewayError> refusal(OperationSpec operation) {
      if (operations.contains(operation.operationId())) {
        return Optional.empty();
      }
      return Optional.of(GatewayError.of(ErrorCode.PERMISSION_DENIED,
        new JsonObject().put("details", "the capabilities token does not include " + operation.operationId())));
    }
  }

  /** Sorted once, when the grant is made (X-Gateway-Scopes lists them on every forwarded request). */
  private static Set<String> sorted(Set<String> items) {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(items));
  }
}
