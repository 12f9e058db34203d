package io.deletiongateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

import java.util.concurrent.TimeoutException;

/**
 * Reads a (paused) backend answer into memory, failing (and resetting the stream) past {@code limit} bytes, or with
 * a {@link TimeoutException} when the backend sends nothing for {@code idleMillis}: Vert.x's request timeout ends
 * with the answer's head, so a backend stalling in the middle of its body would otherwise be waited for forever.
 */
final class BoundedBody {
  private BoundedBody() {
  }

  /** A backend's declared length reserves at most this much before any of its body has come. */
  private static final int MAX_RESERVED = 64 * 1024;

  /** {@code declared}: the answer's Content-Length if it sent one, so a small body is held in one buffer of its size. */
  static Future<Buffer> read(Vertx vertx, HttpClientResponse answer, int limit, long declared, long idleMillis) {
    Promise<Buffer> promise = Promise.promise();
    Buffer body = declared > 0 && declared <= MAX_RESERVED ? Buffer.buffer((int) declared) : Buffer.buffer();
    long[] lastData = {0};
    answer.exceptionHandler(promise::tryFail);
    answer.handler(chunk -> {
      lastData[0] = System.nanoTime();
      if (body.length() + chunk.length() > limit) {
        promise.tryFail("backend answer larger than " + limit + " bytes");
        answer.request().reset();
      } else {
        body.appendBuffer(chunk);
      }
    });
    answer.endHandler(v -> promise.tryComplete(body));
    lastData[0] = System.nanoTime();
    answer.resume();
    // resume() delivers what has come so far on the event loop's next turn; queued behind it, this finds a small
    // answer whole already, so the usual answer costs no timer.
    vertx.runOnContext(delivered -> {
      if (!promise.future().isComplete()) {
        long[] timer = {-1};
        idleDeadline(vertx, answer, promise, lastData, idleMillis, timer);
        promise.future().onComplete(done -> vertx.cancelTimer(timer[0]));
      }
    });
    return promise.future();
  }

  /** Armed only for a body still coming, and re-armed while data keeps arriving. */
  private static void idleDeadline(Vertx vertx, HttpClientResponse answer, Promise<Buffer> promise, long[] lastData,
                                   long idleMillis, long[] timer) {
    long idleNanos = idleMillis * 1_000_000;
    long left = lastData[0] + idleNanos - System.nanoTime();
    timer[0] = vertx.setTimer(Math.max(1, left / 1_000_000), id -> {
      if (System.nanoTime() - lastData[0] < idleNanos) {
        idleDeadline(vertx, answer, promise, lastData, idleMillis, timer);
        return;
      }
      promise.tryFail(new TimeoutException("the backend sent nothing of its answer's body for " + idleMillis + " ms"));
      answer.request().reset();
    });
  }
}
