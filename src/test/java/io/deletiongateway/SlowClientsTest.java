package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.Scrape;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow clients and connection floods: hundreds of connections trickling a request head (a byte every 100 ms, so no
 * idle timeout ever fires) are closed by the head deadline while a normal client keeps being served; the
 * per-address connection limit closes the connection over it at once, and counts it.
 */
class SlowClientsTest {
  static final String ACME = STEPS + "?organization%5Bsub_domain%5D=acme";

  static RunningGateway gateway(int headTimeoutMillis, int perAddress) throws Exception {
    return RunningGateway.fromYaml(Files.readString(RunningGateway.SHIPPED_CONFIG)
      .replace("head_timeout_ms: 10000", "head_timeout_ms: " + headTimeoutMillis)
      .replace("max_connections_per_address: 256", "max_connections_per_address: " + perAddress), Map.of());
  }

  /** Whether the peer has closed the socket (a read sees the end, or a reset). */
  static boolean closedByPeer(Socket socket) {
    try {
      socket.setSoTimeout(1);
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void trickledHeadsAreClosedByTheDeadlineWhileANormalClientIsServed() throws Exception {
    int slow = 300;
    try (RunningGateway gw = gateway(1000, 1000)) {
      List<Socket> sockets = new ArrayList<>();
      for (int i = 0; i < slow; i++) {
        Socket socket = new Socket("127.0.0.1", gw.port());
        socket.getOutputStream().write(("GET " + ACME + " HTTP/1.1\r\nHost: gw\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
        sockets.add(socket);
      }
      // A byte to every socket every 100 ms: the trickle's pace (a periodic task, nothing waited for).
      java.util.concurrent.ScheduledExecutorService trickle = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
      trickle.scheduleAtFixedRate(() -> {
        for (Socket socket : sockets) {
          try {
            socket.getOutputStream().write('a');
          } catch (IOException closed) {
            // closed by the gateway: nothing more to send
          }
        }
      }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
      try {
        for (int i = 0; i < 20; i++) {
          assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode(), "a normal client is served meanwhile");
        }
        Conditions.await("every trickling connection is closed", () -> sockets.stream().allMatch(SlowClientsTest::closedByPeer));
        assertTrue(Scrape.value(gw.metrics(), "gateway_connections_slow_heads_total") >= slow, gw.metrics());
        assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode());
      } finally {
        trickle.shutdownNow();
        trickle.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }

  @Test
  void aCompleteHeadInTimeIsNotCutAndItsBodyIsTheReadDeadlines() throws Exception {
    try (RunningGateway gw = gateway(1000, 1000)) {
      RawHttp.Answer answer = RawHttp.exchange(gw.port(), "GET " + ACME + " HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer "
        + DemoTokens.FULL + "\r\n\r\n");
      assertEquals(200, answer.status(), answer.body());
    }
  }

  @Test
  void theConnectionOverThePerAddressLimitIsClosedAtOnce() throws Exception {
    try (RunningGateway gw = gateway(10_000, 20)) {
      List<Socket> held = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        held.add(new Socket("127.0.0.1", gw.port()));
      }
      Conditions.await("20 connections open", () -> Scrape.value(gw.metrics(), "gateway_connections_open") == 20);
      try (Socket over = new Socket("127.0.0.1", gw.port())) {
        over.setSoTimeout(10_000);
        assertEquals(-1, over.getInputStream().read(), "the 21st connection from one address is closed");
      }
      assertEquals(1.0, Scrape.value(gw.metrics(), "gateway_connections_refused_address_total"));
      held.remove(0).close();
      Conditions.await("a slot is free again", () -> Scrape.value(gw.metrics(), "gateway_connections_open") == 19);
      assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode(), "and a new connection is served");
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
