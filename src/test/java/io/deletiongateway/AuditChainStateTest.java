package io.deletiongateway;

import io.deletiongateway.observability.AuditChain;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chain's state file (what a rotated-away audit file's successor resumes from) is two slots written in turn, one
 * positional write per record: the newest intact slot is read back, a slot cut short falls back to the other, and
 * the single-record file of earlier versions is still read.
 */
class AuditChainStateTest {
  @TempDir
  Path dir;

  @Test
  void theNewestIntactSlotIsResumedFromAndACutShortOneFallsBackToTheOther() throws Exception {
    Path log = dir.resolve("audit.log");   // never written here: the chain alone, as after the file was rotated away
    AuditChain chain = AuditChain.resume(Optional.of(log), Optional.empty());
    List<String> hashes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      hashes.add(hashOf(chain.seal(new JsonObject().put("n", i))));
    }
    String fourth = AuditChain.resume(Optional.of(log), Optional.empty()).seal(new JsonObject());  // from seq 3's slot
    assertEquals(hashes.get(2), hashOf(fourth, "prev"));
    assertEquals(4L, new JsonObject(fourth).getLong("seq"));

    Path state = dir.resolve("audit.log.chain");
    assertEquals(256, Files.size(state));
    try (RandomAccessFile file = new RandomAccessFile(state.toFile(), "rw")) {  // seq 4's slot (even: the first) torn
      file.seek(20);
      file.write("garbage".getBytes(StandardCharsets.UTF_8));
    }
    String resumed = AuditChain.resume(Optional.of(log), Optional.empty()).seal(new JsonObject());
    assertEquals(hashes.get(2), hashOf(resumed, "prev"));  // seq 3's slot, intact
    assertEquals(4L, new JsonObject(resumed).getLong("seq"));
  }

  @Test
  void theSingleRecordStateOfEarlierVersionsIsReadAndRewrittenAsSlots() throws Exception {
    Path log = dir.resolve("audit.log");
    String hash = "a".repeat(64);
    Files.writeString(dir.resolve("audit.log.chain"), new JsonObject().put("seq", 7).put("hash", hash).encode());
    AuditChain chain = AuditChain.resume(Optional.of(log), Optional.empty());
    String next = chain.seal(new JsonObject());
    assertEquals(8L, new JsonObject(next).getLong("seq"));
    assertEquals(hash, hashOf(next, "prev"));
    assertEquals(hashOf(next), hashOf(AuditChain.resume(Optional.of(log), Optional.empty()).seal(new JsonObject()), "prev"));
  }

  private static String hashOf(String sealed) {
    return hashOf(sealed, "hash");
  }

  private static String hashOf(String sealed, String field) {
    return new JsonObject(sealed).getString(field);
  }
}
