package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.ShippedGateway;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.deletiongateway.OperationsTest.ACME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Protocol edges over raw sockets: every one answered in the documented shape, none a 500, none left unanswered. */
class ProtocolEdgesTest extends ShippedGateway {
  static final String READ = "GET " + ACME + " HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " + DemoTokens.FULL + "\r\n\r\n";

  @Test
  void targetsThatAreNoPathAreBadRequests() throws Exception {
    for (String line : List.of("OPTIONS * HTTP/1.1", "CONNECT example.com:443 HTTP/1.1", "GET core/v1/x HTTP/1.1")) {
      RawHttp.Answer answer = RawHttp.exchangeExpectingClose(gateway.port(), line + "\r\nHost: gw\r\n\r\n");
      assertEquals(400, answer.status(), line);
      assertEquals("request_target", answer.json().getJsonObject("detail").getString("rule"), line);
    }
  }

  @Test
  void otherHttpVersionsAre505OnAnHttp11StatusLine() throws Exception {
    for (String version : List.of("HTTP/1.2", "HTTP/2.0", "HTTP/9.9", "FOO/1.1")) {
      RawHttp.Answer answer = RawHttp.exchangeExpectingClose(gateway.port(), "GET " + ACME + " " + version + "\r\nHost: gw\r\n\r\n");
      assertEquals(505, answer.status(), version + ": " + answer.head());
      assertTrue(answer.head().startsWith("HTTP/1.1 505 "), "the client's version is not echoed: " + answer.head());
      assertEquals("http_version_not_supported", answer.json().getString("code"));
    }
  }

  @Test
  void everyPipelinedRequestIsAnsweredBeyond128() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write((READ.repeat(199) + READ.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"))
        .getBytes(StandardCharsets.US_ASCII));
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertEquals(200, all.split("HTTP/1.1 ", -1).length - 1, "200 answers for 200 pipelined requests");
      assertTrue(all.split("HTTP/1.1 ", -1).length - 1 == all.split("HTTP/1.1 200 |HTTP/1.1 429 ", -1).length - 1,
        "each is a success or the read limit");
    }
  }

  @Test
  void aClientThatHalfClosesStillGetsItsAnswerThenTheConnectionCloses() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write((READ + READ).getBytes(StandardCharsets.US_ASCII));
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);  // returns once the gateway closes
      String text = all.toString(StandardCharsets.ISO_8859_1);
      assertEquals(2, text.split("HTTP/1.1 200 ", -1).length - 1, "both answers arrived before the close: " + text);
    }
  }

  @Test
  void aHalfClosedClientWhoseBodyCanNeverArriveIsNotWaitedFor() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.getOutputStream().write(("POST /api/web/custom/namespaces/system/users/cascade_delete HTTP/1.1\r\nHost: gw\r\n"
        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\"").getBytes(StandardCharsets.US_ASCII));
      socket.shutdownOutput();
      RawHttp.assertClosed(socket);  // at once, not after read_timeout_ms (10 s)
    }
  }
}
