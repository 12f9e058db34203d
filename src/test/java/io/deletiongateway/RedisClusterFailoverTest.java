package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DeletionLoad;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.LimitedGateways;
import io.deletiongateway.support.RedisProcess;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.deletiongateway.support.LimitedGateways.ATLAS;
import static io.deletiongateway.support.LimitedGateways.ATLAS_ORGS;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 6-node Redis Cluster (3 masters, 3 replicas): the master holding the deletion bucket's slot is killed under
 * load. Deletions (fail closed) are refused only until the replica's promotion plus the slot-map refresh, and no
 * more pass in total than the bucket allows.
 */
class RedisClusterFailoverTest {
  static final int CAPACITY = 300;
  static final String BUCKET = "dg:rl:{deletions:demo-full|" + ATLAS_ORGS[0] + "}";

  @Test
  void killingTheBucketsMasterRefusesDeletionsOnlyUntilThePromotionPlusASecond() throws Exception {
    List<RedisProcess> nodes = RedisProcess.cluster(3, 1);
    try {
      for (RedisProcess node : nodes) {
        Conditions.await("replicas in sync", () -> {
          String info = node.cliOrEmpty("INFO", "replication");
          return info.contains("role:master") || info.contains("master_link_status:up");
        });
      }
      int slot = Integer.parseInt(nodes.get(0).cli("CLUSTER", "KEYSLOT", BUCKET));
      RedisProcess victim = masterOf(nodes, nodes.get(0), slot);
      RedisProcess survivor = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow();
      String section = "{url: \"" + nodes.get(0).url() + "\", mode: cluster, endpoints: ["
        + nodes.stream().skip(1).map(n -> "\"" + n.url() + "\"").collect(Collectors.joining(", ")) + "], timeout_ms: 500}";
      killUnderLoad(section, victim::kill, () -> {
        String owner = ownerLine(survivor.cliOrEmpty("CLUSTER", "NODES"), slot);
        return owner != null && !owner.contains(":" + victim.port() + "@");
      });
    } finally {
      for (RedisProcess node : nodes) {
        node.close();
      }
    }
  }

  @FunctionalInterface
  interface Kill {
    void run() throws Exception;
  }

  /**
   * A gateway on {@code redisSection} deleting under load: {@code kill} the master once 50 passed, wait until
   * {@code promoted}, then until the bucket is spent; deletions must be refused no longer than the promotion plus
   * 2 s, served again after it, and never more than the bucket allows.
   */
  static void killUnderLoad(String redisSection, Kill kill, java.util.function.BooleanSupplier promoted) throws Exception {
    try (RunningGateway gw = LimitedGateways.start(redisSection, "capacity: 10, rate: 1, period_seconds: 3600",
      "capacity: " + CAPACITY + ", rate: 1, period_seconds: 3600")) {
      DeletionLoad load = new DeletionLoad(gw.http.as(DemoTokens.FULL), ATLAS + ATLAS_ORGS[0]);
      long killedAt;
      long promotedAt;
      try (load) {
        Conditions.await("50 deletions passed before the kill", () -> load.passed() >= 50);
        killedAt = System.nanoTime();
        kill.run();
        Conditions.await("the replica is promoted", promoted);
        promotedAt = System.nanoTime();
        Conditions.await("the bucket is spent after the failover", () -> load.count(429) > 0);
        long spent = System.nanoTime();
        Conditions.await("a while of refusals by the bucket", () -> System.nanoTime() - spent > TimeUnit.MILLISECONDS.toNanos(500));
      }
      long refusedMillis = (load.lastUnavailableSent(killedAt) - killedAt) / 1_000_000;
      long promotionMillis = (promotedAt - killedAt) / 1_000_000;
      System.out.printf("failover: promotion %d ms after the kill; deletions refused until %d ms; %s%n",
        promotionMillis, refusedMillis, load.summary());
      assertTrue(refusedMillis <= promotionMillis + 2_000, "refused for " + refusedMillis + " ms, the promotion took " + promotionMillis + " ms");
      assertTrue(load.passedAfter(promotedAt), "served again after the failover");
      assertTrue(load.passed() <= CAPACITY, "no more passed than the bucket allows: " + load.summary());
      assertTrue(load.answers.stream().allMatch(a -> a.passed() || a.status() == 429 || a.status() == 503), load.summary());
    }
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

}
