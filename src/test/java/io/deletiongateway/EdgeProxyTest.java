package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.NginxProcess;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.OperationsTest.ACME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real nginx edge in front of two gateways that trust it (the docker/compose.yaml topology): the
 * failed-authentication throttle holds per real client, so one guesser does not lock everybody out.
 */
class EdgeProxyTest {
  /** One request through the edge from the loopback address {@code from} (each is a different client to nginx). */
  static int get(int port, String from, String token) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + ACME + " HTTP/1.1\r\nHost: edge\r\nAuthorization: Bearer " + token
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return RawHttp.read(socket.getInputStream()).status();
    }
  }

  @Test
  void theFailedAuthenticationThrottleIsPerRealClientBehindTheEdge() throws Exception {
    String yaml = Files.readString(RunningGateway.SHIPPED_CONFIG)
      .replace("trusted_proxies: ${TRUSTED_PROXIES:-}", "trusted_proxies: [\"127.0.0.1/32\"]");
    Map<String, String> env = Map.of("READS_PER_MINUTE", "1000");
    try (RunningGateway one = RunningGateway.fromYaml(yaml, env); RunningGateway two = RunningGateway.fromYaml(yaml, env);
         NginxProcess edge = NginxProcess.edge(List.of(one.port(), two.port()))) {
      int limited = 0;
      for (int i = 0; i < 45; i++) {
        int status = get(edge.port, "127.0.0.2", "dgt_guess_" + i + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        assertTrue(status == 403 || status == 429, "a guess is refused: " + status);
        limited += status == 429 ? 1 : 0;
      }
      assertTrue(limited > 0, "the guesser is throttled");
      assertEquals(429, get(edge.port, "127.0.0.2", DemoTokens.FULL), "even its valid token, while blocked");
      assertEquals(429, get(edge.port, "127.0.0.2", DemoTokens.FULL), "on both gateways");
      for (int i = 0; i < 4; i++) {
        assertEquals(200, get(edge.port, "127.0.0.3", DemoTokens.FULL), "another client behind the same edge is served");
      }
    }
  }
}
