package io.deletiongateway.support;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Bytes on a raw socket, exactly as written: for what an HTTP client library would refuse or normalize. */
public final class RawHttp {
  /** The status (0 when the connection closed without an answer) and the body of the first answer. */
  public record Answer(int status, String head, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private RawHttp() {
  }

  /** Sends one request to a gateway and reads its answer, which must be one its contract declares. */
  public static Answer exchange(int port, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return conforming(request, read(socket.getInputStream()));
    }
  }

  /** The contract check of {@link ContractConformance}, for an answer to a request line that names a path. */
  private static Answer conforming(String request, Answer answer) {
    String[] line = request.split("\r\n", 2)[0].split(" ");
    if (answer.status() == 0 || line.length != 3 || !line[1].startsWith("/")) {
      return answer;
    }
    java.util.Map<String, java.util.List<String>> headers = new java.util.HashMap<>();
    for (String header : answer.head().split("\r\n")) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(header.substring(0, colon).trim(), k -> new java.util.ArrayList<>()).add(header.substring(colon + 1).trim());
      }
    }
    ContractConformance.check(line[0], line[1], answer.status(), ContractConformance.firstValues(headers), answer.body());
    return answer;
  }

  /** Sends one request, reads its answer, then whether the gateway closed the connection within two seconds. */
  public static Answer exchangeExpectingClose(int port, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      Answer answer = conforming(request, read(socket.getInputStream()));
      assertClosed(socket);
      return answer;
    }
  }

  /** Fails unless the peer closes the connection within two seconds. */
  public static void assertClosed(Socket socket) throws Exception {
    socket.setSoTimeout(2_000);
    try {
      if (socket.getInputStream().read() != -1) {
        throw new AssertionError("the connection stayed open and sent more bytes");
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection stayed open");
    } catch (java.net.SocketException reset) {
      // closed with a reset: closed all the same
    }
  }

  /** Reads one answer: headers, then Content-Length bytes (or until close). */
  public static Answer read(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String head = null;
    int contentLength = -1;
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        bytes.write(buffer, 0, n);
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (head == null && end >= 0) {
          head = text.substring(0, end);
          for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
              contentLength = Integer.parseInt(line.substring(15).trim());
            }
          }
        }
        if (head != null && contentLength >= 0 && bytes.size() >= head.length() + 4 + contentLength) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // fall through with what arrived
    }
    String text = bytes.toString(StandardCharsets.ISO_8859_1);
    if (head == null) {
      return new Answer(0, "", text);
    }
    String body = text.substring(head.length() + 4);
    if (contentLength >= 0 && body.length() > contentLength) {
      body = body.substring(0, contentLength);
    }
    return new Answer(Integer.parseInt(head.split(" ")[1]), head, body);
  }
}
