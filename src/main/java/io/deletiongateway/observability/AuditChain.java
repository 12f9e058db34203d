package io.deletiongateway.observability;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The audit trail's tamper evidence. Every record carries {@code seq} (one more than the record before it) and
 * {@code prev} (the previous record's {@code hash}), and ends with its own {@code hash}: SHA-256, or HMAC-SHA256
 * with a configured key, over {@code prev} and the exact bytes of the record before its hash. Editing a record
 * breaks its hash; removing, inserting or reordering records breaks {@code seq} and {@code prev}. The chain goes on
 * across restarts and file rotation: the last seq and hash are kept beside the file ({@code FILE.chain}).
 * Only the audit sink's own worker thread calls {@link #seal}, so records are chained in the order written.
 */
public final class AuditChain {
  public static final String GENESIS = "0".repeat(64);
  private static final int SLOT_BYTES = 128;
  private static final Pattern SEALED = Pattern.compile("^(\\{.*),\"hash\":\"([0-9a-f]{64})\"}$");

  private final Optional<byte[]> key;
  private final Optional<Path> state;
  private long seq;
  private String last;
  private FileChannel slots;

  private AuditChain(Optional<byte[]> key, Optional<Path> state, long seq, String last) {
    this.key = key;
    this.state = state;
    this.seq = seq;
    this.last = last;
  }

  /** Continues the chain of {@code file} (its last record, else its state file), or starts one. File I/O: on a worker. */
  public static AuditChain resume(Optional<Path> file, Optional<String> hmacKey) throws IOException {
    Optional<byte[]> key = hmacKey.filter(k -> !k.isEmpty()).map(k -> k.getBytes(StandardCharsets.UTF_8));
    Optional<Path> state = file.map(f -> f.resolveSibling(f.getFileName() + ".chain"));
    long seq = 0;
    String last = GENESIS;
    String lastLine = file.filter(Files::exists).map(AuditChain::lastLine).orElse(null);
    if (lastLine != null && SEALED.matcher(lastLine).matches()) {
      JsonObject record = new JsonObject(lastLine);
      seq = record.getLong("seq", 0L);
      last = record.getString("hash");
    } else if (state.isPresent() && Files.exists(state.get())) {
      JsonObject kept = keptState(state.get());
      if (kept != null) {
        seq = kept.getLong("seq", 0L);
        last = kept.getString("hash", GENESIS);
      }
    }
    return new AuditChain(key, state, seq, last);
  }

  /** The record as a sealed line: seq and prev added, its hash appended. Remembered as the chain's last. */
  public String seal(JsonObject record) throws IOException {
    String previous = last;
    String content = record.put("seq", ++seq).put("prev", previous).encode();
    last = hash(key, previous, content);
    keep(previous);
    return content.substring(0, content.length() - 1) + ",\"hash\":\"" + last + "\"}";
  }

  /**
   * The last seq and hash into the state file: two fixed-size slots written in turn with one positional write each
   * (a write and a rename per record made the audit thread the deletions' bottleneck). A slot cut short by a crash
   * fails its checksum and the other, one record older, is read, which is the state the log holds in that case (a
   * record is sealed before it is written).
   */
  private void keep(String previous) throws IOException {
    if (state.isEmpty()) {
      return;
    }
    if (slots == null) {  // the record before this one in the other slot, then the file cut to the two slots
      slots = FileChannel.open(state.get(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      slots.write(slot(seq - 1, previous), ((seq - 1) % 2) * SLOT_BYTES);
      slots.write(slot(seq, last), (seq % 2) * SLOT_BYTES);
      slots.truncate(2L * SLOT_BYTES);
      return;
    }
    slots.write(slot(seq, last), (seq % 2) * SLOT_BYTES);
  }

  /** Closes the state file (the sink is closed: no more records). */
  void close() {
    try {
      if (slots != null) {
        slots.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static ByteBuffer slot(long seq, String hash) {
    String line = new JsonObject().put("seq", seq).put("hash", hash).put("crc", crc(seq, hash)).encode();
    return ByteBuffer.wrap((line + " ".repeat(SLOT_BYTES - 1 - line.length()) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static long crc(long seq, String hash) {
    CRC32 crc = new CRC32();
    crc.update((seq + ":" + hash).getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /** The newest intact state the file holds (slots, or the single record of earlier versions), else null. */
  private static JsonObject keptState(Path file) throws IOException {
    JsonObject newest = null;
    for (String line : Files.readString(file, StandardCharsets.ISO_8859_1).split("\n")) {
      try {
        JsonObject kept = new JsonObject(line.trim());
        long seq = kept.getLong("seq", -1L);
        String hash = kept.getString("hash", "");
        boolean intact = !kept.containsKey("crc") || kept.getLong("crc", -1L) == crc(seq, hash);
        if (intact && seq >= 0 && (newest == null || seq > newest.getLong("seq"))) {
          newest = kept;
        }
      } catch (RuntimeException unreadable) {
        // a slot cut short: the other one holds the state
      }
    }
    return newest;
  }

  /**
   * Null when {@code lines} (files in order, one list of lines) form an intact chain, else which record and why.
   * {@code fromStart}: the first line must be the chain's first record (seq 1), so that records removed from the
   * head are found too; otherwise the lines are a later stretch of a chain whose start is elsewhere.
   */
  public static String verify(List<String> lines, List<String> where, Optional<String> hmacKey, boolean fromStart) {
    Optional<byte[]> key = hmacKey.filter(k -> !k.isEmpty()).map(k -> k.getBytes(StandardCharsets.UTF_8));
    Long expectedSeq = fromStart ? 1L : null;
    String expectedPrev = fromStart ? GENESIS : null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher sealed = SEALED.matcher(lines.get(i));
      if (!sealed.matches()) {
        return where.get(i) + ": not a sealed audit record";
      }
      String content = sealed.group(1) + "}";
      JsonObject record;
      try {
        record = new JsonObject(content);
      } catch (RuntimeException e) {
        return where.get(i) + ": not JSON";
      }
      long seq = record.getLong("seq", -1L);
      String prev = record.getString("prev", "");
      if (!hash(key, prev, content).equals(sealed.group(2))) {
        return where.get(i) + " (seq " + seq + "): altered (its hash does not match its content)";
      }
      if (expectedSeq != null && seq != expectedSeq) {
        return where.get(i) + " (seq " + seq + "): expected seq " + expectedSeq + " (a record was removed, inserted or moved)";
      }
      if (expectedPrev != null && !prev.equals(expectedPrev)) {
        return where.get(i) + " (seq " + seq + "): does not follow the record before it";
      }
      expectedSeq = seq + 1;
      expectedPrev = sealed.group(2);
    }
    return null;
  }

  private static String hash(Optional<byte[]> key, String prev, String content) {
    byte[] input = (prev + "\n" + content).getBytes(StandardCharsets.UTF_8);
    try {
      if (key.isPresent()) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(input));
      }
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The file's last non-blank line, read from its tail (an audit file grows without bound; a record is small). */
  private static String lastLine(Path file) {
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      int size = (int) Math.min(length, 256 * 1024);
      byte[] tail = new byte[size];
      raf.seek(length - size);
      raf.readFully(tail);
      String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        if (!lines[i].isBlank()) {
          return lines[i];
        }
      }
      return null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
