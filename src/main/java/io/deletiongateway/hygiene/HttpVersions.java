package io.deletiongateway.hygiene;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Only HTTP/1.0 and HTTP/1.1 are spoken over an HTTP/1 connection. A request naming another version (HTTP/1.2,
 * HTTP/2.0 as text) is turned into a decoding failure, so that it is answered 505 in the documented shape by
 * {@link InvalidRequests}, on an HTTP/1.1 status line: the client's version token is never echoed.
 */
final class HttpVersions {
  private HttpVersions() {
  }

  static void guard(HttpRequest request) {
    HttpVersion version = request.protocolVersion();
    if (request.decoderResult().isSuccess() && !HttpVersion.HTTP_1_1.equals(version) && !HttpVersion.HTTP_1_0.equals(version)) {
      request.setProtocolVersion(HttpVersion.HTTP_1_1);
      request.setDecoderResult(DecoderResult.failure(new Unsupported()));
    }
  }

  /** The decoding failure that stands for an HTTP version this gateway does not speak. */
  static final class Unsupported extends RuntimeException {
    Unsupported() {
      super("unsupported HTTP version", null, false, false);
    }
  }
}
