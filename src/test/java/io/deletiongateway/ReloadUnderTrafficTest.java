package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.GatewayProcess;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.ReloadableGateway;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.Scrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.deletiongateway.OperationsTest.ACME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reloads, by file change and by SIGHUP, under steady traffic from two clients: not one request fails. */
class ReloadUnderTrafficTest {
  static final Map<String, String> UNLIMITED = Map.of("READS_PER_MINUTE", "1000000");

  /** Two clients sending reads until stopped; counts answers by status. */
  static final class Traffic implements AutoCloseable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    final List<CompletableFuture<Void>> clients = new ArrayList<>();

    Traffic(Http http) {
      for (int c = 0; c < 2; c++) {
        clients.add(CompletableFuture.runAsync(() -> {
          while (running.get()) {
            int status;
            try {
              status = http.get(ACME).statusCode();
            } catch (AssertionError failed) {
              status = -1;
            }
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
          }
        }));
      }
    }

    int count(int status) {
      AtomicInteger n = statuses.get(status);
      return n == null ? 0 : n.get();
    }

    @Override
    public void close() throws Exception {
      running.set(false);
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void reloadsByFileChangeLoseNoRequest(@TempDir Path dir) throws Exception {
    String shipped = Files.readString(RunningGateway.SHIPPED_CONFIG).replace("reload_poll_ms: 2000", "reload_poll_ms: 50");
    try (ReloadableGateway gw = ReloadableGateway.start(dir, shipped, UNLIMITED)) {
      Traffic traffic = new Traffic(gw.http.as(DemoTokens.FULL));
      try (traffic) {
        for (int i = 0; i < 5; i++) {
          int served = traffic.count(200);
          Conditions.await("traffic flows", () -> traffic.count(200) > served + 20);
          gw.rewrite(shipped.replace("max_body_bytes: 65536", "max_body_bytes: " + (65536 - i - 1)));
        }
        int served = traffic.count(200);
        Conditions.await("traffic flows after the last reload", () -> traffic.count(200) > served + 20);
      }
      assertEquals(Map.of(200, traffic.count(200)), Map.copyOf(traffic.statuses.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))), "only 200s");
      assertEquals(5.0, gw.appliedReloads());
    }
  }

  @Test
  void reloadsBySighupLoseNoRequest() throws Exception {
    try (GatewayProcess gw = GatewayProcess.start(UNLIMITED)) {
      Traffic traffic = new Traffic(gw.http.as(DemoTokens.FULL));
      try (traffic) {
        for (int i = 1; i <= 3; i++) {
          int served = traffic.count(200);
          Conditions.await("traffic flows", () -> traffic.count(200) > served + 20);
          gw.signal("HUP");
          double expected = i;
          Conditions.await("reload " + i + " applied", () -> applied(gw) >= expected);
        }
        int served = traffic.count(200);
        Conditions.await("traffic flows after the last reload", () -> traffic.count(200) > served + 20);
      }
      assertEquals(1, traffic.statuses.size(), "only 200s: " + traffic.statuses);
      assertTrue(traffic.count(200) > 80);
    }
  }

  @Test
  void twentyReloadsHoldNoMoreFileDescriptorsThanOne() throws Exception {
    try (GatewayProcess gw = GatewayProcess.start(Map.of())) {
      assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode());
      gw.signal("HUP");
      Conditions.await("the first reload is applied", () -> applied(gw) >= 1);
      assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode());
      int afterOne = gw.openFileDescriptors();
      for (int i = 2; i <= 21; i++) {
        gw.signal("HUP");
        double expected = i;
        Conditions.await("reload " + i + " applied", () -> applied(gw) >= expected);
        assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode());
      }
      System.out.printf("file descriptors: %d after one reload, %d after 21%n", afterOne, gw.openFileDescriptors());
      Conditions.await("no more descriptors than after one reload (" + afterOne + ")", () -> {
        try {
          return gw.openFileDescriptors() <= afterOne;
        } catch (Exception e) {
          return false;
        }
      });
    }
  }

  static double applied(GatewayProcess gw) {
    return Scrape.value(gw.admin.get("/metrics").body(), "gateway_config_reloads_total", "outcome=\"applied\"");
  }
}
