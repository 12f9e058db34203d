package io.deletiongateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The TLS listener: its port, the certificate (chain) and key it serves (PEM: PKCS#8, PKCS#1 or SEC1 keys), more
 * pairs chosen by SNI, and whether clients must present a certificate signed by {@code clientCa}. The files are
 * re-read when they change; a broken new pair is refused and the old one keeps serving.
 */
public record TlsConfig(int port, List<KeyPair> certificates, ClientCertificates clientCertificates, Optional<Path> clientCa) {
  public record KeyPair(Path certificate, Path key) {
  }

  /** Client certificates: not asked for, verified when presented, or required. */
  public enum ClientCertificates { OFF, OPTIONAL, REQUIRED }
}
