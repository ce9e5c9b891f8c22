package org.mercato.rpc.server;

import com.fasterxml.jackson.databind.node.NullNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcProcessor;
import org.mercato.rpc.jsonrpc.RpcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands request bodies to the processor on the worker executor, off the netty event loops. */
final class RequestDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

  /** What to send back: the body (null: nothing) and whether the server refused the work as busy. */
  record Outcome(byte[] body, boolean busy) {}

  private final JsonRpcProcessor processor;
  private final Executor executor;
  private final byte[] busyResponse;
  private final byte[] internalErrorResponse;

  RequestDispatcher(JsonRpcProcessor processor, Executor executor) {
    this.processor = processor;
    this.executor = executor;
    this.busyResponse = processor.messages().error(NullNode.getInstance(),
        JsonRpcErrors.limitExceeded("server busy, too many requests queued; retry later"));
    this.internalErrorResponse = processor.messages().error(NullNode.getInstance(), JsonRpcErrors.internalError());
  }

  CompletableFuture<Outcome> dispatch(byte[] body, RpcConnection connection) {
    try {
      return CompletableFuture.supplyAsync(() -> new Outcome(processor.process(body, connection), false), executor)
          .exceptionally(failure -> {
            // The processor does not throw; this is the last guard so a client never waits forever.
            LOG.error("JSON-RPC processing failed", failure);
            return new Outcome(internalErrorResponse, false);
          });
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(new Outcome(busyResponse, true));
    }
  }
}
