package org.mercato.rpc.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** After the upgrade: each text (or binary) message is one JSON-RPC request or batch. */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketFrameHandler.class);

  private final WebSocketServerHandshaker handshaker;
  private final RequestDispatcher dispatcher;
  private final ResponseSequencer sequencer;
  private final WebSocketConnection connection;

  WebSocketFrameHandler(WebSocketServerHandshaker handshaker, RequestDispatcher dispatcher,
      ResponseSequencer sequencer, WebSocketConnection connection) {
    this.handshaker = handshaker;
    this.dispatcher = dispatcher;
    this.sequencer = sequencer;
    this.connection = connection;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      byte[] body = ByteBufUtil.getBytes(frame.content());
      sequencer.enqueue(dispatcher.dispatch(body, connection), outcome -> {
        if (outcome.body() != null) {
          connection.send(outcome.body());
        }
      });
    } else if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
    } else if (frame instanceof CloseWebSocketFrame) {
      handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
    }
    // pong frames need no answer
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException) {
      LOG.debug("closing WebSocket {}: {}", connection.id(), cause.getMessage());
      WebSocketCloseStatus status = cause instanceof CorruptedWebSocketFrameException c
          ? c.closeStatus() : WebSocketCloseStatus.MESSAGE_TOO_BIG;
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
      }
    } else {
      LOG.debug("WebSocket {} failed: {}", connection.id(), cause.toString());
      ctx.close();
    }
  }
}
