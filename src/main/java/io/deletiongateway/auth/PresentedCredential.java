package io.deletiongateway.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Base64;

/**
 * A credential as presented, before any verification: its text and, when it is shaped like a JWS, its
 * unverified header and issuer, read at most once for all verifiers. Only for choosing the verifier.
 */
public final class PresentedCredential {
  private final String text;
  private final JsonObject header;
  private String issuer;
  private boolean issuerRead;

  PresentedCredential(String text) {
    this.text = text;
    this.header = JwtClaims.header(text);
  }

  public String text() {
    return text;
  }

  /** The unverified JOSE header, or null when the credential is not shaped like a JWS. */
  public JsonObject header() {
    return header;
  }

  /** The unverified {@code iss}: only to choose which issuer's keys verify it; verification checks it again. */
  String unverifiedIssuer() {
    if (!issuerRead) {
      issuerRead = true;
      int first = text.indexOf('.');
      int second = text.indexOf('.', first + 1);
      try {
        issuer = header == null ? null
          : new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(text.substring(first + 1, second)))).getString("iss");
      } catch (RuntimeException e) {
        issuer = null;
      }
    }
    return issuer;
  }
}
