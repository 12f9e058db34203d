package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fixed-seed, bounded mutation fuzz of valid requests (bytes flipped, inserted, deleted, duplicated; all three
 * APIs): no answer is a 500, and everything a recording backend receives is in the one form the gateway forwards
 * (a canonical query, a strict JSON body of the declared type).
 */
class MutationFuzzTest {
  static final int MUTATIONS = 1_500;
  static final String[] SEEDS = {
    "GET /core/v1/organizations/organization/deletion_steps?organization%5Bsub_domain%5D=acme HTTP/1.1\r\nHost: gw\r\n"
      + "Authorization: Bearer " + DemoTokens.FULL + "\r\nConnection: close\r\n\r\n",
    "DELETE /api/atlas/v1.0/orgs/65a1b2c3d4e5f60718293a4b?envelope=true HTTP/1.1\r\nHost: gw\r\n"
      + "Authorization: Bearer " + DemoTokens.FULL + "\r\nConnection: close\r\n\r\n",
    "POST " + CASCADE + " HTTP/1.1\r\nHost: gw\r\nAuthorization: APIToken " + DemoTokens.FULL
      + "\r\nContent-Type: application/json\r\nContent-Length: 50\r\nConnection: close\r\n\r\n"
      + "{\"email\":\"carol@example.com\",\"namespace\":\"system\"}"};
  static final byte[] INTERESTING = "%\r\n:;,=&?#/\\. \t\u0000\u00ff\"{}[]+-_0aZ".getBytes(StandardCharsets.ISO_8859_1);

  static byte[] mutate(byte[] seed, Random random) {
    List<Byte> bytes = new ArrayList<>();
    for (byte b : seed) {
      bytes.add(b);
    }
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && !bytes.isEmpty(); e++) {
      int at = random.nextInt(bytes.size());
      byte pick = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
      switch (random.nextInt(4)) {
        case 0 -> bytes.set(at, pick);
        case 1 -> bytes.add(at, pick);
        case 2 -> bytes.remove(at);
        default -> {
          int length = Math.min(1 + random.nextInt(12), bytes.size() - at);
          bytes.addAll(at, new ArrayList<>(bytes.subList(at, at + length)));
        }
      }
    }
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return out;
  }

  @Test
  void mutatedRequestsNeverGetA500NorReachTheBackendInAnotherForm() throws Exception {
    try (RecordingBackend backend = new RecordingBackend();
         // No failed-authentication throttle: mutated tokens would soon block the fuzzer's one address.
         RunningGateway gw = RunningGateway.fromYaml(java.nio.file.Files.readString(RunningGateway.SHIPPED_CONFIG)
           .replaceAll("  auth_failures: \\{[^}]*}[^\n]*\n", ""), backend.asEveryBackend("READS_PER_MINUTE", "1000000", "DELETIONS_PER_MINUTE", "1000000"))) {
      Random random = new Random(20261201);
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (int i = 0; i < MUTATIONS; i++) {
        byte[] request = mutate(SEEDS[i % SEEDS.length].getBytes(StandardCharsets.ISO_8859_1), random);
        int status;
        try (Socket socket = new Socket("127.0.0.1", gw.port())) {
          socket.setSoTimeout(5_000);
          socket.getOutputStream().write(request);
          socket.shutdownOutput();
          status = RawHttp.read(socket.getInputStream()).status();
        } catch (java.io.IOException reset) {
          status = 0;  // closed at once: a refusal of framing
        }
        statuses.merge(status, 1, Integer::sum);
        assertTrue(status != 500, "500 for " + new String(request, StandardCharsets.ISO_8859_1));
      }
      System.out.println("fuzz: " + MUTATIONS + " mutations, statuses " + statuses + ", forwarded " + backend.received.size());
      for (RecordingBackend.Received got : backend.received) {
        String uri = got.uri();
        int q = uri.indexOf('?');
        if (q >= 0) {
          assertTrue(uri.substring(q + 1).matches("([A-Za-z0-9._~-]|%[0-9A-F]{2})+=([A-Za-z0-9._~-]|%[0-9A-F]{2})*"
            + "(&([A-Za-z0-9._~-]|%[0-9A-F]{2})+=([A-Za-z0-9._~-]|%[0-9A-F]{2})*)*"), "canonical query: " + uri);
        }
        if (got.body().length > 0) {
          assertEquals("application/json", got.headers().get("Content-Type"), uri);
          new JsonObject(got.bodyText());  // strict JSON reached it, and only that
        }
      }
    }
  }
}
