package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.GatewayProcess;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail is tamper-evident: records chained by seq and hash across restarts and rotation, and
 * {@code audit verify} (the real CLI, its own process) names the first record altered, removed, inserted or moved.
 */
class AuditTrailTest {
  /** A gateway on the shipped config writing {@code audit}; {@code deletions} destructive calls, refused and forwarded. */
  static void audited(Path audit, int deletions, Map<String, String> env) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("AUDIT_LOG", audit.toString());
    try (RunningGateway gw = RunningGateway.shipped(all)) {
      for (int i = 0; i < deletions; i++) {
        if (i % 2 == 0) {
          gw.http.as(DemoTokens.FULL).postJson(CASCADE, "{\"email\":\"user" + i + "@example.com\",\"namespace\":\"system\"}");
        } else {
          Http.assertError(gw.http.as(DemoTokens.NO_SCOPE).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b"), 403, "scope_not_granted");
        }
      }
    }
  }

  static GatewayProcess.CliResult verify(Map<String, String> env, Path... files) throws Exception {
    List<String> args = new ArrayList<>(List.of("audit", "verify"));
    for (Path file : files) {
      args.add(file.toString());
    }
    return GatewayProcess.cli(env, args.toArray(String[]::new));
  }

  @Test
  void anIntactTrailVerifiesAndEachKindOfTamperingIsNamed(@TempDir Path dir) throws Exception {
    Path audit = dir.resolve("audit.log");
    audited(audit, 4, Map.of());
    audited(audit, 2, Map.of());  // a restart: the chain goes on
    List<String> lines = Files.readAllLines(audit);
    assertEquals(6, lines.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonObject record = new JsonObject(lines.get(i));
      assertEquals(i + 1, record.getInteger("seq"), "seq across the restart");
      assertTrue(record.getString("hash").matches("[0-9a-f]{64}"));
      if (i > 0) {
        assertEquals(new JsonObject(lines.get(i - 1)).getString("hash"), record.getString("prev"));
      }
    }
    GatewayProcess.CliResult intact = verify(Map.of(), audit);
    assertEquals(0, intact.exit(), intact.output());
    assertTrue(intact.output().contains("6 records"), intact.output());

    Path edited = dir.resolve("edited.log");
    List<String> copy = new ArrayList<>(lines);
    copy.set(2, copy.get(2).replace("\"client_address\":\"127.0.0.1\"", "\"client_address\":\"10.0.0.1\""));
    Files.write(edited, copy);
    assertBroken(verify(Map.of(), edited), "edited.log:3", "altered");

    Path removed = dir.resolve("removed.log");
    copy = new ArrayList<>(lines);
    copy.remove(3);
    Files.write(removed, copy);
    assertBroken(verify(Map.of(), removed), "removed.log:4", "expected seq 4");

    Path swapped = dir.resolve("swapped.log");
    copy = new ArrayList<>(lines);
    Collections.swap(copy, 1, 2);
    Files.write(swapped, copy);
    assertBroken(verify(Map.of(), swapped), "swapped.log:2", "expected seq 2");

    Path inserted = dir.resolve("inserted.log");
    copy = new ArrayList<>(lines);
    copy.add(2, lines.get(4));
    Files.write(inserted, copy);
    assertBroken(verify(Map.of(), inserted), "inserted.log:3", "expected seq 3");
  }

  static void assertBroken(GatewayProcess.CliResult result, String where, String why) {
    assertEquals(1, result.exit(), result.output());
    assertTrue(result.output().contains(where) && result.output().contains(why), result.output());
  }

  @Test
  void theChainContinuesAcrossRotationAndAKeyedChainNeedsItsKey(@TempDir Path dir) throws Exception {
    Path audit = dir.resolve("audit.log");
    Map<String, String> keyed = Map.of("AUDIT_HMAC_KEY", "s3cret-audit-key");
    audited(audit, 3, keyed);
    Path rotated = dir.resolve("audit.log.1");
    Files.move(audit, rotated);
    audited(audit, 2, keyed);
    assertEquals(4, new JsonObject(Files.readAllLines(audit).get(0)).getInteger("seq"), "the new file goes on from the rotated one");
    assertEquals(0, verify(keyed, rotated, audit).exit(), "intact across rotation, with the key");
    assertEquals(1, verify(Map.of(), rotated, audit).exit(), "without the key nobody can check (or forge) it");
    assertBroken(verify(keyed, audit), "audit.log:1", "expected seq 1");  // the head of the chain is missing
    assertEquals(0, GatewayProcess.cli(keyed, "audit", "verify", "--continued", audit.toString()).exit(), "a later stretch");
    Path headless = dir.resolve("headless.log");
    Files.write(headless, Files.readAllLines(rotated).subList(1, 3));
    assertBroken(verify(keyed, headless), "headless.log:1", "expected seq 1");
  }
}
