package io.deletiongateway.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Mints X.509 certificates (P-256 keys, SHA256withECDSA): a CA, and server or client certificates it signs. For
 * {@code cert dev} (a development certificate for the quick start) and the tests; production certificates come from
 * the operator's own PKI.
 */
public final class Certificates {
  /** A certificate and its private key, with their PEM forms (the key as PKCS#8). */
  public record Issued(X509Certificate certificate, KeyPair keys) {
    public String certificatePem() {
      return pem("CERTIFICATE", encoded(certificate));
    }

    public String keyPem() {
      return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private Certificates() {
  }

  public static Issued authority(String name, Duration validity) {
    KeyPair keys = keyPair();
    return new Issued(build(name, keys, name, keys, validity, true, List.of(), null), keys);
  }

  /** A server certificate for {@code dnsNames} (the first is its subject name) and loopback addresses. */
  public static Issued server(Issued issuer, List<String> dnsNames, Duration validity) {
    KeyPair keys = keyPair();
    return new Issued(build(dnsNames.get(0), keys, issuer.certificate().getSubjectX500Principal().getName(), issuer.keys(),
      validity, false, dnsNames, KeyPurposeId.id_kp_serverAuth), keys);
  }

  public static Issued client(Issued issuer, String name, Duration validity) {
    KeyPair keys = keyPair();
    return new Issued(build(name, keys, issuer.certificate().getSubjectX500Principal().getName(), issuer.keys(), validity,
      false, List.of(), KeyPurposeId.id_kp_clientAuth), keys);
  }

  /** A self-signed server certificate (the development certificate). */
  public static Issued selfSigned(List<String> dnsNames, Duration validity) {
    KeyPair keys = keyPair();
    return new Issued(build(dnsNames.get(0), keys, dnsNames.get(0), keys, validity, false, dnsNames, KeyPurposeId.id_kp_serverAuth), keys);
  }

  private static X509Certificate build(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                       Duration validity, boolean ca, List<String> dnsNames, KeyPurposeId purpose) {
    try {
      Instant now = Instant.now();
      X500Name issuerName = issuer.contains("=") ? new X500Name(issuer) : new X500Name("CN=" + issuer);
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(64, RANDOM).add(BigInteger.ONE),
        Date.from(now.minusSeconds(300)), Date.from(now.plus(validity)), new X500Name("CN=" + subject), subjectKeys.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      if (ca) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (!dnsNames.isEmpty()) {
        List<GeneralName> names = new java.util.ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("could not mint a certificate for " + subject, e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
