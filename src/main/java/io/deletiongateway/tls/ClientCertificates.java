package io.deletiongateway.tls;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The verified client certificate a request's connection presented (mutual TLS), as its x5t#S256 thumbprint. Found
 * once per TLS session and kept in it (its application data): asking the JDK for the peer certificates of a session
 * that has none throws, and that exception's stack trace cost every TLS request 7 % of its CPU. A session's peer is
 * fixed by its handshake (a resumed session keeps the identity it was established with).
 */
public final class ClientCertificates {
  private static final String KEY = "deletion-gateway.client-certificate-x5t#S256";
  private static final String NONE = "";

  private ClientCertificates() {
  }

  public static Optional<String> thumbprint(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    if (!connection.isSsl()) {  // the connection's TLS: a request's scheme can be the client's (h2 :scheme)
      return Optional.empty();
    }
    SSLSession session = connection.sslSession();
    Object kept = session == null ? null : session.getValue(KEY);
    String known = kept instanceof String value ? value : null;
    if (known == null) {
      known = presented(connection);
      if (session != null) {
        session.putValue(KEY, known);
      }
    }
    return known.isEmpty() ? Optional.empty() : Optional.of(known);
  }

  private static String presented(HttpConnection connection) {
    try {
      List<Certificate> chain = connection.peerCertificates();
      return chain == null || chain.isEmpty() ? NONE : Thumbprints.x5tS256(chain.get(0));
    } catch (SSLPeerUnverifiedException none) {
      return NONE;
    }
  }
}
