package io.deletiongateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/** Reads a (paused) backend answer into memory, failing (and resetting the stream) past {@code limit} bytes. */
final class BoundedBody {
  private BoundedBody() {
  }

  static Future<Buffer> read(HttpClientResponse answer, int limit) {
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
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
