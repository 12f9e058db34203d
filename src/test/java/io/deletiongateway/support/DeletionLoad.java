package io.deletiongateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Four clients deleting one organization through a gateway until stopped, each answer kept with the moment it was
 * sent: for failover tests, which ask when deletions were refused and how many passed in all.
 */
public final class DeletionLoad implements AutoCloseable {
  public record Answer(long sentNanos, int status) {
    /** Let through by the gateway (the backend answered, whatever it said). */
    public boolean passed() {
      return status != 429 && status != 503;
    }
  }

  public final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<CompletableFuture<Void>> clients = new ArrayList<>();

  public DeletionLoad(Http http, String path) {
    for (int c = 0; c < 4; c++) {
      clients.add(CompletableFuture.runAsync(() -> {
        while (running.get()) {
          long sent = System.nanoTime();
          answers.add(new Answer(sent, http.delete(path).statusCode()));
        }
      }));
    }
  }

  public long passed() {
    return answers.stream().filter(Answer::passed).count();
  }

  public long count(int status) {
    return answers.stream().filter(a -> a.status() == status).count();
  }

  /** When the last request that got 503 was sent, or {@code otherwise}. */
  public long lastUnavailableSent(long otherwise) {
    return answers.stream().filter(a -> a.status() == 503).mapToLong(Answer::sentNanos).max().orElse(otherwise);
  }

  public boolean passedAfter(long nanos) {
    return answers.stream().anyMatch(a -> a.sentNanos() > nanos && a.passed());
  }

  public String summary() {
    return passed() + " passed, " + count(429) + " limited, " + count(503) + " unavailable, statuses "
      + answers.stream().map(Answer::status).distinct().sorted().toList();
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }
}
