package io.deletiongateway.auth;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** API tokens ({@code dgt_…}): looked up in the token store by id, compared by hash in constant time. */
final class ApiTokenVerifier implements CredentialVerifier {
  private final ApiTokenStore store;

  ApiTokenVerifier(ApiTokenStore store) {
    this.store = store;
  }

  @Override
  public boolean owns(PresentedCredential credential) {
    return ApiTokenFormat.looksLikeApiToken(credential.text());
  }

  @Override
  public Future<Principal> verify(PresentedCredential credential) {
    return store.verify(credential.text()).map(Future::succeededFuture).orElseGet(ApiTokenVerifier::invalid);
  }

  static <T> Future<T> invalid() {
    return Future.failedFuture(GatewayError.of(ErrorCode.INVALID_API_TOKEN, new JsonObject().putNull("details")));
  }
}
