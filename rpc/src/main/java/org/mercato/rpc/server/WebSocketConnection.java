package org.mercato.rpc.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.mercato.rpc.jsonrpc.JsonRpcMessages;
import org.mercato.rpc.jsonrpc.RpcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A WebSocket client as methods see it: responses and pushed notifications share one ordered stream. */
final class WebSocketConnection implements RpcConnection {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final String id = "ws-" + IDS.incrementAndGet();
  private final Channel channel;
  private final ResponseSequencer sequencer;
  private final JsonRpcMessages messages;

  WebSocketConnection(Channel channel, ResponseSequencer sequencer, JsonRpcMessages messages) {
    this.channel = channel;
    this.sequencer = sequencer;
    this.messages = messages;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public boolean supportsNotifications() {
    return true;
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public boolean notify(String method, Object params) {
    if (!channel.isActive()) {
      return false;
    }
    byte[] message;
    try {
      message = messages.notification(method, params);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot serialize a {} notification", method, e);
      return false;
    }
    sequencer.enqueue(CompletableFuture.completedFuture(message), this::send);
    return true;
  }

  @Override
  public void onClose(Runnable callback) {
    channel.closeFuture().addListener(f -> callback.run());
  }

  /** Writes one text frame; thread-safe (netty queues it on the connection's event loop). */
  void send(byte[] message) {
    if (channel.isActive()) {
      channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(message)));
    }
  }
}
