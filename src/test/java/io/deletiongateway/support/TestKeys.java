package io.deletiongateway.support;

import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/** An RSA key pair generated in the test, able to sign real JWTs and to publish itself as a JWK or PEM. */
public final class TestKeys {
  public final String kid;
  private final KeyPair pair;

  public TestKeys(String kid) throws Exception {
    this.kid = kid;
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    this.pair = generator.generateKeyPair();
  }

  public String publicPem() {
    return pem("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  public JsonObject jwk() {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
      .put("n", b64(key.getModulus())).put("e", b64(key.getPublicExponent()));
  }

  /**
   * Signs {@code claims} as-is (RS256) with {@code typ} in the header (JWT when null). Built with
   * java.security.Signature because vertx-auth-jwt's signer always writes typ: JWT.
   */
  public String sign(JsonObject claims, String typ) {
    JsonObject header = new JsonObject().put("alg", "RS256").put("typ", typ == null ? "JWT" : typ).put("kid", kid);
    String input = b64url(header.encode()) + "." + b64url(claims.encode());
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(pair.getPrivate());
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String unsigned(JsonObject header, JsonObject claims) {
    return b64url(header.encode()) + "." + b64url(claims.encode()) + ".";
  }

  public static String b64url(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
