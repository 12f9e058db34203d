package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DeletionLoad;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.LimitedGateways;
import io.deletiongateway.support.RedisProcess;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.Test;

import static io.deletiongateway.RedisClusterFailoverTest.assertFailoverBounded;
import static io.deletiongateway.RedisClusterFailoverTest.awaitBucketSpent;
import static io.deletiongateway.RedisClusterFailoverTest.cli;
import static io.deletiongateway.support.LimitedGateways.ATLAS;
import static io.deletiongateway.support.LimitedGateways.ATLAS_ORGS;

/**
 * Sentinel mode: the master dies under load, the Sentinel promotes its replica, and the gateway follows within the
 * topology refresh; deletions are refused meanwhile (fail closed) and never exceed the bucket.
 */
class RedisSentinelFailoverTest {
  static final int CAPACITY = 300;

  @Test
  void aSentinelSwitchOverRefusesDeletionsOnlyUntilThePromotionPlusASecond() throws Exception {
    try (RedisProcess master = RedisProcess.start();
         RedisProcess replica = RedisProcess.replicaOf(master);
         RedisProcess sentinel = RedisProcess.sentinel(master, "deletions-master")) {
      Conditions.await("the replica is in sync", () -> cli(replica, "INFO", "replication").contains("master_link_status:up"));
      Conditions.await("the Sentinel knows the replica",
        () -> cli(sentinel, "SENTINEL", "REPLICAS", "deletions-master").contains(Integer.toString(replica.port())));
      try (RunningGateway gw = LimitedGateways.start(
        "{url: \"" + sentinel.url() + "\", mode: sentinel, master_name: deletions-master, timeout_ms: 500}",
        "capacity: 10, rate: 1, period_seconds: 3600", "capacity: " + CAPACITY + ", rate: 1, period_seconds: 3600")) {
        DeletionLoad load = new DeletionLoad(gw.http.as(DemoTokens.FULL), ATLAS + ATLAS_ORGS[0]);
        long killed;
        long promoted;
        try (load) {
          Conditions.await("50 deletions passed before the kill", () -> load.passed() >= 50);
          killed = System.nanoTime();
          master.kill();
          Conditions.await("the Sentinel promotes the replica", () -> cli(sentinel, "SENTINEL", "GET-MASTER-ADDR-BY-NAME",
            "deletions-master").contains(Integer.toString(replica.port())));
          promoted = System.nanoTime();
          awaitBucketSpent(load);
        }
        assertFailoverBounded(load, killed, promoted, CAPACITY);
      }
    }
  }
}
