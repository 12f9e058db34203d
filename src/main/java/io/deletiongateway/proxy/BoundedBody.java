package io.deletiongateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/** Reads a (paused) backend answer into memory, failing (and resetting the stream) past {@code limit} bytes. */
final class BoundedBody {
  private BoundedBody() {
  }

  /** A backend's declared length reserves at most this much before any of its body has come. */
  private static final int MAX_RESERVED = 64 * 1024;

  /** {@code declared}: the answer's Content-Length if it sent one, so a small body is held in one buffer of its size. */
  static Future<Buffer> read(HttpClientResponse answer, int limit, long declared) {
    Promise<Buffer> promise = Promise.promise();
    Buffer body = declared > 0 && declared <= MAX_RESERVED ? Buffer.buffer((int) declared) : Buffer.buffer();
    answer.exceptionHandler(promise::tryFail);
    answer.handler(chunk -> {
      if (body.length() + chunk.length() > limit) {
        promise.tryFail("backend answer larger than " + limit + " bytes");
        answer.request().reset();
      } else {
        body.appendBuffer(chunk);
      }
    });
    answer.endHandler(v -> promise.tryComplete(body));
    answer.resume();
    return promise.future();
  }
}
