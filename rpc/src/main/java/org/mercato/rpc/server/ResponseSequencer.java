package org.mercato.rpc.server;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a connection's responses in the order their requests arrived, although the requests run
 * concurrently on the worker pool (HTTP pipelining needs it; on WebSocket it keeps a subscription
 * id ahead of its notifications). One per connection; thread-safe.
 */
final class ResponseSequencer {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseSequencer.class);

  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  /** Calls {@code write} with the outcome of {@code next} once everything enqueued before has been written. */
  synchronized <T> void enqueue(CompletableFuture<T> next, Consumer<T> write) {
    tail = tail.thenCompose(ignored -> next.handle((value, failure) -> {
      if (failure != null) {
        LOG.warn("dropping a response that failed to compute", failure);
        return null;
      }
      try {
        write.accept(value);
      } catch (RuntimeException e) {
        LOG.warn("cannot write a response", e);
      }
      return null;
    }));
  }
}
