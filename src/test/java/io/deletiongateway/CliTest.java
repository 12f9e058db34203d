package io.deletiongateway;

import io.deletiongateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line, as its own JVM: --help and --version on every command, documented exit codes. */
class CliTest {
  static final List<List<String>> COMMANDS = List.of(List.of(), List.of("serve"), List.of("check"), List.of("token"),
    List.of("token", "create"), List.of("cert"), List.of("cert", "dev"), List.of("reference-backends"), List.of("audit"),
    List.of("audit", "verify"));

  static GatewayProcess.CliResult run(List<String> command, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(command);
    args.addAll(List.of(more));
    return GatewayProcess.cli(Map.of(), args.toArray(String[]::new));
  }

  @Test
  void helpAndVersionOnEveryCommandExitZero() throws Exception {
    for (List<String> command : COMMANDS) {
      GatewayProcess.CliResult help = run(command, "--help");
      assertEquals(0, help.exit(), command + " --help: " + help.output());
      assertTrue(help.output().startsWith("Usage: deletion-gateway"), help.output());
      GatewayProcess.CliResult version = run(command, "--version");
      assertEquals(0, version.exit(), command + " --version: " + version.output());
      assertTrue(version.output().matches("(?s)deletion-gateway \\d+\\.\\d+\\.\\d+.*"), version.output());
    }
  }

  @Test
  void exitCodesSayWhatHappened() throws Exception {
    assertEquals(0, run(List.of("check")).exit(), "the shipped config is valid");
    assertEquals(1, run(List.of("check", "no/such.yaml")).exit(), "an unreadable config");
    assertEquals(2, run(List.of("nonsense")).exit(), "an unknown command");
    assertEquals(2, run(List.of()).exit(), "no command");
    assertEquals(2, run(List.of("reference-backends", "x")).exit(), "a malformed port");
    assertEquals(2, run(List.of("token", "create", "--id", "ok")).exit(), "a missing required option");
    GatewayProcess.CliResult minted = run(List.of("token", "create", "--id", "ci-1", "--organization", "org_5xk2n8qvd3"));
    assertEquals(0, minted.exit(), minted.output());
    assertTrue(minted.output().contains("dgt_ci-1_"), minted.output());
  }

  /** The README's HTTPS quick start: a development certificate, the shipped config, a real HTTP/2 client over TLS. */
  @Test
  void aDevelopmentCertificateServesTheShippedConfigOverHttps() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("certs");
    GatewayProcess.CliResult minted = run(List.of("cert", "dev", dir.toString()));
    assertEquals(0, minted.exit(), minted.output());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
      java.nio.file.Files.getPosixFilePermissions(dir.resolve("gateway.key"))), "the key is its owner's only");
    int tlsPort = io.deletiongateway.support.Ports.free();
    try (GatewayProcess gateway = GatewayProcess.start(Map.of("GATEWAY_TLS_CERT", dir.resolve("gateway.crt").toString(),
      "GATEWAY_TLS_KEY", dir.resolve("gateway.key").toString(), "GATEWAY_TLS_PORT", Integer.toString(tlsPort)))) {
      java.security.cert.X509Certificate certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
        .getInstance("X.509").generateCertificate(java.nio.file.Files.newInputStream(dir.resolve("gateway.crt")));
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .sslContext(io.deletiongateway.support.TestPki.context(certificate, null)).build();
      java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:"
          + tlsPort + "/core/v1/organizations/organization/deletion_steps?organization%5Bsub_domain%5D=acme"))
        .header("Authorization", "Bearer " + io.deletiongateway.support.DemoTokens.FULL).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body());
      assertEquals(java.net.http.HttpClient.Version.HTTP_2, answer.version());
    }
  }
}
