package io.deletiongateway.tls;

import io.vertx.core.http.HttpServerRequest;

import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The verified client certificate a request's connection presented (mutual TLS), as its x5t#S256 thumbprint. */
public final class ClientCertificates {
  private ClientCertificates() {
  }

  public static Optional<String> thumbprint(HttpServerRequest request) {
    if (!request.connection().isSsl()) {  // the connection's TLS: a request's scheme can be the client's (h2 :scheme)
      return Optional.empty();
    }
    try {
      List<Certificate> chain = request.connection().peerCertificates();
      return chain == null || chain.isEmpty() ? Optional.empty() : Optional.of(Thumbprints.x5tS256(chain.get(0)));
    } catch (SSLPeerUnverifiedException none) {
      return Optional.empty();
    }
  }
}
