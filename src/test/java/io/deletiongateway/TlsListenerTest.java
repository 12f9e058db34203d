package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.OpenSsl;
import io.deletiongateway.support.Ports;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.Scrape;
import io.deletiongateway.support.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TLS listener of the shipped config, with real clients: the JDK's HttpClient (HTTP/2 by ALPN), Vert.x's client
 * (one kept-alive connection across a certificate rotation), openssl s_client (old protocols and weak ciphers, each
 * against an openssl s_server control that accepts them, so the refusal is the gateway's).
 */
class TlsListenerTest {
  static final String ACME = STEPS + "?organization%5Bsub_domain%5D=acme";
  static TestPki pki;
  static TestPki.Written served;
  static RunningGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create("TLS listener test CA");
    served = pki.server("gateway", "localhost");
    gateway = RunningGateway.shipped(Map.of("GATEWAY_TLS_CERT", served.certificate().toString(),
      "GATEWAY_TLS_KEY", served.key().toString(), "GATEWAY_TLS_PORT", "0"));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
  }

  static BigInteger servedSerial() throws Exception {
    try (SSLSocket socket = (SSLSocket) pki.context(null).getSocketFactory().createSocket("127.0.0.1", gateway.tlsPort())) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  @Test
  void http2ByAlpnBesideThePlaintextListener() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(pki.context(null)).version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.tlsPort() + ACME))
      .header("Authorization", "Bearer " + DemoTokens.FULL).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(HttpClient.Version.HTTP_2, answer.version(), "HTTP/2 negotiated by ALPN");
    assertEquals(200, gateway.http.as(DemoTokens.FULL).get(ACME).statusCode(), "the plaintext listener serves on beside it");

    HttpClient http1 = MutualTlsTest.tlsClient(pki.context(null));
    HttpResponse<String> fallback = http1.send(HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.tlsPort() + ACME))
      .header("Authorization", "Bearer " + DemoTokens.FULL).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_1_1, fallback.version());
    assertEquals(200, fallback.statusCode());
  }

  @Test
  void oldProtocolsAndWeakCiphersAreRefused() throws Exception {
    int controlPort = Ports.free();
    Process control = OpenSsl.server(controlPort, served.certificate(), served.key(), "-cipher", "ALL@SECLEVEL=0");
    try {
      assertTrue(OpenSsl.handshakes(controlPort, "-tls1_1", "-cipher", "ALL@SECLEVEL=0"), "control: this openssl speaks TLS 1.1");
      assertTrue(OpenSsl.handshakes(controlPort, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA@SECLEVEL=0"),
        "control: this openssl offers a CBC-SHA1 suite");
    } finally {
      control.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    int port = gateway.tlsPort();
    assertFalse(OpenSsl.handshakes(port, "-tls1", "-cipher", "ALL@SECLEVEL=0"), "TLS 1.0 refused");
    assertFalse(OpenSsl.handshakes(port, "-tls1_1", "-cipher", "ALL@SECLEVEL=0"), "TLS 1.1 refused");
    assertFalse(OpenSsl.handshakes(port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA@SECLEVEL=0"), "a CBC-SHA1 suite refused");
    assertTrue(OpenSsl.handshakes(port, "-tls1_2"), "TLS 1.2 with a modern suite");
    assertTrue(OpenSsl.handshakes(port, "-tls1_3"), "TLS 1.3");
  }

  @Test
  void certificatesRotateWithoutDroppingAnOpenConnectionAndABrokenOneIsRefused() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true).setKeepAlive(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(pki.caFile().toString())));
      RequestOptions steps = new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost").setPort(gateway.tlsPort())
        .setURI(ACME).putHeader("Authorization", "Bearer " + DemoTokens.FULL);
      HttpClientRequest first = client.request(steps).await(10, TimeUnit.SECONDS);
      assertEquals(200, first.send().await(10, TimeUnit.SECONDS).statusCode());
      HttpConnection open = first.connection();
      BigInteger before = servedSerial();

      TestPki.Written next = pki.server("next", "localhost");
      Files.copy(next.key(), served.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(next.certificate(), served.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Conditions.await("new connections get the new certificate", () -> {
        try {
          return servedSerial().equals(next.issued().certificate().getSerialNumber());
        } catch (Exception e) {
          return false;
        }
      });
      HttpClientRequest again = client.request(steps).await(10, TimeUnit.SECONDS);
      assertEquals(200, again.send().await(10, TimeUnit.SECONDS).statusCode(), "the open connection still serves");
      assertSame(open, again.connection(), "the same connection, not a new one");
      assertEquals(before, ((X509Certificate) open.peerCertificates().get(0)).getSerialNumber());

      Files.writeString(served.certificate(), "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
      Conditions.await("the broken certificate is refused and counted",
        () -> Scrape.value(gateway.metrics(), "gateway_tls_certificates_rejected_total") >= 1);
      assertEquals(next.issued().certificate().getSerialNumber(), servedSerial(), "the last good certificate keeps serving");
      Files.writeString(served.certificate(), next.issued().certificatePem());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
