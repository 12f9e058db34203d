package io.deletiongateway.support;

import io.deletiongateway.tls.Certificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private CA for a test, minted with the production {@link Certificates}: server and client certificates signed by
 * it, written as PEM files the gateway (or redis-server, or a backend) reads, and SSL contexts for real TLS clients.
 */
public final class TestPki {
  public final Path dir;
  public final Certificates.Issued ca;

  /** A certificate written to {@code dir}: the chain file and the key file (PKCS#8 PEM). */
  public record Written(Certificates.Issued issued, Path certificate, Path key) {
  }

  private TestPki(Path dir, Certificates.Issued ca) {
    this.dir = dir;
    this.ca = ca;
  }

  public static TestPki create(String name) throws Exception {
    TestPki pki = new TestPki(Files.createTempDirectory("pki"), Certificates.authority(name, Duration.ofDays(2)));
    Files.writeString(pki.caFile(), pki.ca.certificatePem());
    return pki;
  }

  public Path caFile() {
    return dir.resolve("ca.crt");
  }

  public Written server(String file, String... dnsNames) throws Exception {
    return write(file, Certificates.server(ca, List.of(dnsNames.length == 0 ? new String[] {"localhost"} : dnsNames), Duration.ofDays(1)));
  }

  public Written client(String file, String name) throws Exception {
    return write(file, Certificates.client(ca, name, Duration.ofDays(1)));
  }

  public Written write(String file, Certificates.Issued issued) throws Exception {
    Path certificate = dir.resolve(file + ".crt");
    Path key = dir.resolve(file + ".key");
    Files.writeString(certificate, issued.certificatePem());
    Files.writeString(key, issued.keyPem());
    return new Written(issued, certificate, key);
  }

  /** A client context trusting this CA only, presenting {@code identity} when given. */
  public SSLContext context(Certificates.Issued identity) throws Exception {
    return context(ca.certificate(), identity);
  }

  public static SSLContext context(X509Certificate trusted, Certificates.Issued identity) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", trusted);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (identity != null) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("me", identity.keys().getPrivate(), new char[0], new Certificate[] {identity.certificate()});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }
}
