package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.LimitedGateways;
import io.deletiongateway.support.RedisProcess;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static io.deletiongateway.support.LimitedGateways.ATLAS;
import static io.deletiongateway.support.LimitedGateways.ATLAS_ORGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 6-node Redis Cluster (3 masters, 3 replicas): the master holding the deletion bucket's slot is killed under
 * load. Deletions (fail closed) are refused only until the replica's promotion plus the slot-map refresh, and no
 * more pass in total than the bucket allows.
 */
class RedisClusterFailoverTest {
  static final int CAPACITY = 300;
  static final String BUCKET = "dg:rl:{deletions:demo-full|" + ATLAS_ORGS[0] + "}";

  record Answer(long sentNanos, int status) {
  }

  @Test
  void killingTheBucketsMasterRefusesDeletionsOnlyUntilThePromotionPlusASecond() throws Exception {
    List<RedisProcess> nodes = RedisProcess.cluster(3, 1);
    try {
      for (RedisProcess node : nodes) {
        Conditions.await("replicas in sync", () -> {
          String info = cli(node, "INFO", "replication");
          return info.contains("role:master") || info.contains("master_link_status:up");
        });
      }
      int slot = Integer.parseInt(nodes.get(0).cli("CLUSTER", "KEYSLOT", BUCKET));
      RedisProcess victim = masterOf(nodes, nodes.get(0), slot);
      RedisProcess survivor = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow();
      String section = "{url: \"" + nodes.get(0).url() + "\", mode: cluster, endpoints: ["
        + nodes.stream().skip(1).map(n -> "\"" + n.url() + "\"").collect(Collectors.joining(", ")) + "], timeout_ms: 500}";
      try (RunningGateway gw = LimitedGateways.start(section, "capacity: 10, rate: 1, period_seconds: 3600",
        "capacity: " + CAPACITY + ", rate: 1, period_seconds: 3600")) {
        Http http = gw.http.as(DemoTokens.FULL);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          clients.add(CompletableFuture.runAsync(() -> {
            while (running.get()) {
              long sent = System.nanoTime();
              answers.add(new Answer(sent, http.delete(ATLAS + ATLAS_ORGS[0]).statusCode()));
            }
          }));
        }
        Conditions.await("50 deletions passed before the kill", () -> passed(answers) >= 50);
        long killed = System.nanoTime();
        victim.kill();
        Conditions.await("the replica is promoted", () -> {
          String owner = ownerLine(cli(survivor, "CLUSTER", "NODES"), slot);
          return owner != null && !owner.contains(":" + victim.port() + "@");
        });
        long promoted = System.nanoTime();
        Conditions.await("the bucket is spent after the failover", () -> answers.stream().anyMatch(a -> a.status() == 429));
        long spent = System.nanoTime();
        Conditions.await("a while of refusals by the bucket", () -> System.nanoTime() - spent > TimeUnit.MILLISECONDS.toNanos(500));
        running.set(false);
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        long lastUnavailable = answers.stream().filter(a -> a.status() == 503).mapToLong(Answer::sentNanos).max().orElse(killed);
        long refusedMillis = (lastUnavailable - killed) / 1_000_000;
        long promotionMillis = (promoted - killed) / 1_000_000;
        System.out.printf("failover: promotion %d ms after the kill; deletions refused until %d ms; %d passed, %d limited, %d unavailable%n",
          promotionMillis, refusedMillis, passed(answers), count(answers, 429), count(answers, 503));
        assertTrue(refusedMillis <= promotionMillis + 2_000,
          "refused for " + refusedMillis + " ms, the promotion took " + promotionMillis + " ms");
        assertTrue(answers.stream().anyMatch(a -> a.sentNanos() > promoted && passes(a.status())), "served again after the failover");
        assertTrue(passed(answers) <= CAPACITY, "no more passed than the bucket allows: " + passed(answers));
        assertTrue(answers.stream().allMatch(a -> passes(a.status()) || a.status() == 429 || a.status() == 503),
          "every answer decided or refused: " + answers.stream().map(Answer::status).distinct().toList());
      }
    } finally {
      for (RedisProcess node : nodes) {
        node.close();
      }
    }
  }

  static boolean passes(int status) {
    return status != 429 && status != 503;
  }

  static long passed(ConcurrentLinkedQueue<Answer> answers) {
    return answers.stream().filter(a -> passes(a.status())).count();
  }

  static long count(ConcurrentLinkedQueue<Answer> answers, int status) {
    return answers.stream().filter(a -> a.status() == status).count();
  }

  /** The CLUSTER NODES line of the master serving {@code slot}, or null. */
  static String ownerLine(String clusterNodes, int slot) {
    for (String line : clusterNodes.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
        continue;
      }
      for (int i = 8; i < fields.length; i++) {
        String[] range = fields[i].split("-");
        if (range[0].startsWith("[")) {
          continue;
        }
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) {
          return line;
        }
      }
    }
    return null;
  }

  static RedisProcess masterOf(List<RedisProcess> nodes, RedisProcess asked, int slot) throws Exception {
    String owner = ownerLine(asked.cli("CLUSTER", "NODES"), slot);
    return nodes.stream().filter(n -> owner.contains(":" + n.port() + "@")).findFirst().orElseThrow();
  }

  static String cli(RedisProcess node, String... args) {
    try {
      return node.cli(args);
    } catch (Exception e) {
      return "";
    }
  }
}
