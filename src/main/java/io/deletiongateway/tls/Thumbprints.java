package io.deletiongateway.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;

/**
 * RFC 8705's certificate thumbprint ({@code x5t#S256}): the base64url (unpadded) SHA-256 of the certificate's DER
 * encoding. Credentials are bound to a client certificate by it.
 */
public final class Thumbprints {
  private Thumbprints() {
  }

  public static String x5tS256(Certificate certificate) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time equality of two thumbprints. */
  public static boolean same(String a, String b) {
    return a != null && b != null && MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
      b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
