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
  private final boolean ec;

  public TestKeys(String kid) throws Exception {
    this(kid, false);
  }

  private TestKeys(String kid, boolean ec) throws Exception {
    this.kid = kid;
    this.ec = ec;
    KeyPairGenerator generator = KeyPairGenerator.getInstance(ec ? "EC" : "RSA");
    if (ec) {
      generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    } else {
      generator.initialize(2048);
    }
    this.pair = generator.generateKeyPair();
  }

  /** A P-256 key: its tokens are ES256, signed in the JWS form (raw R‖S), or in DER with {@link #signDer}. */
  public static TestKeys ec(String kid) throws Exception {
    return new TestKeys(kid, true);
  }

  public String algorithm() {
    return ec ? "ES256" : "RS256";
  }

  public String publicPem() {
    return pem("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  public JsonObject jwk() {
    if (ec) {
      throw new UnsupportedOperationException("RSA keys only");
    }
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
      .put("n", b64(key.getModulus())).put("e", b64(key.getPublicExponent()));
  }

  /**
   * Signs {@code claims} as-is (RS256) with {@code typ} in the header (JWT when null). Built with
   * java.security.Signature because vertx-auth-jwt's signer always writes typ: JWT.
   */
  public String sign(JsonObject claims, String typ) {
    return signWithHeader(new JsonObject().put("alg", algorithm()).put("typ", typ == null ? "JWT" : typ).put("kid", kid), claims);
  }

  /** Signs {@code claims} under exactly this header (crit, b64 and other oddities included). */
  public String signWithHeader(JsonObject header, JsonObject claims) {
    String input = b64url(header.encode()) + "." + b64url(claims.encode());
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
      signature(input, ec ? "SHA256withECDSAinP1363Format" : "SHA256withRSA"));
  }

  /** Signs header and claims given as raw JSON text (for numbers no JsonObject can hold, such as 1e400). */
  public String signRaw(String headerJson, String claimsJson) {
    String input = b64url(headerJson) + "." + b64url(claimsJson);
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
      signature(input, ec ? "SHA256withECDSAinP1363Format" : "SHA256withRSA"));
  }

  /** An ES256 token whose signature is DER-encoded: valid ECDSA, but not the JWS spelling of it. */
  public String signDer(JsonObject claims) {
    String input = b64url(new JsonObject().put("alg", "ES256").put("typ", "JWT").put("kid", kid).encode()) + "." + b64url(claims.encode());
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature(input, "SHA256withECDSA"));
  }

  private byte[] signature(String input, String algorithm) {
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(pair.getPrivate());
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return signer.sign();
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
