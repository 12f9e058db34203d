package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.RedisProcess;
import org.junit.jupiter.api.Test;

import static io.deletiongateway.RedisClusterFailoverTest.killUnderLoad;

/**
 * Sentinel mode: the master dies under load, the Sentinel promotes its replica, and the gateway follows within the
 * topology refresh; deletions are refused meanwhile (fail closed) and never exceed the bucket.
 */
class RedisSentinelFailoverTest {
  @Test
  void aSentinelSwitchOverRefusesDeletionsOnlyUntilThePromotionPlusASecond() throws Exception {
    try (RedisProcess master = RedisProcess.start();
         RedisProcess replica = RedisProcess.replicaOf(master);
         RedisProcess sentinel = RedisProcess.sentinel(master, "deletions-master")) {
      Conditions.await("the replica is in sync", () -> replica.cliOrEmpty("INFO", "replication").contains("master_link_status:up"));
      Conditions.await("the Sentinel knows the replica",
        () -> sentinel.cliOrEmpty("SENTINEL", "REPLICAS", "deletions-master").contains(Integer.toString(replica.port())));
      killUnderLoad("{url: \"" + sentinel.url() + "\", mode: sentinel, master_name: deletions-master, timeout_ms: 500}",
        master::kill, () -> sentinel.cliOrEmpty("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "deletions-master")
          .contains(Integer.toString(replica.port())));
    }
  }
}
