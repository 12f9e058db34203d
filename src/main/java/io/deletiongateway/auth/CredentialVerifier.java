package io.deletiongateway.auth;

import io.vertx.core.Future;

/**
 * One kind of credential (API tokens, capabilities tokens, one JWT issuer's access tokens): it recognises its
 * own credentials by shape, parses and verifies them, checks their claims and builds their {@link Principal}.
 * The authentication stage tries the verifiers in order, as vertx-web's chain auth handler does; a new kind of
 * credential is one more verifier and its config.
 */
public interface CredentialVerifier {
  /** Whether this verifier decides on this credential (by its shape, never a verdict on it). */
  boolean owns(PresentedCredential credential);

  /** The principal, or a failed future with the kind's GatewayError. */
  Future<Principal> verify(PresentedCredential credential);
}
