package org.mercato.rpc.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.mercato.rpc.jsonrpc.JsonRpcMessages;
import org.mercato.rpc.jsonrpc.RpcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per HTTP connection: JSON-RPC over POST, CORS preflight, a 200 health answer to plain GET,
 * and the WebSocket upgrade (on / as geth, and on /ws), after which this handler leaves the pipeline.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpRequestHandler.class);
  private static final Set<String> JSON_TYPES = Set.of("application/json", "application/json-rpc", "application/jsonrequest");
  private static final Set<String> WEBSOCKET_PATHS = Set.of("/", "/ws");

  private final RequestDispatcher dispatcher;
  private final JsonRpcMessages messages;
  private final CorsPolicy cors;
  private final HostPolicy hosts;
  private final int maxRequestBytes;
  private final ResponseSequencer sequencer = new ResponseSequencer();

  HttpRequestHandler(RequestDispatcher dispatcher, JsonRpcMessages messages, CorsPolicy cors, HostPolicy hosts,
      int maxRequestBytes) {
    this.dispatcher = dispatcher;
    this.messages = messages;
    this.cors = cors;
    this.hosts = hosts;
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      reply(ctx, text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"), false);
      return;
    }
    if (!hosts.allows(request.headers().get(HttpHeaderNames.HOST))) {
      reply(ctx, text(HttpResponseStatus.FORBIDDEN, "invalid host specified"), false); // geth's words
      return;
    }
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpMethod method = request.method();
    if (HttpMethod.GET.equals(method) && isWebSocketUpgrade(request)) {
      upgrade(ctx, request, origin);
    } else if (HttpMethod.POST.equals(method)) {
      post(ctx, request, origin, keepAlive);
    } else if (HttpMethod.OPTIONS.equals(method)) {
      reply(ctx, preflight(request, origin), keepAlive);
    } else if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
      reply(ctx, withCors(empty(HttpResponseStatus.OK), origin), keepAlive); // health probe, as geth
    } else {
      FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
      response.headers().set(HttpHeaderNames.ALLOW, "POST, GET, OPTIONS");
      reply(ctx, response, keepAlive);
    }
  }

  private void post(ChannelHandlerContext ctx, FullHttpRequest request, String origin, boolean keepAlive) {
    if (!isJson(request.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
      reply(ctx, withCors(text(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          "invalid content type, only application/json is supported"), origin), keepAlive);
      return;
    }
    byte[] body = ByteBufUtil.getBytes(request.content());
    CompletableFuture<FullHttpResponse> response = dispatcher.dispatch(body, RpcConnection.NONE).thenApply(outcome -> {
      HttpResponseStatus status = outcome.busy() ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK;
      return withCors(json(status, outcome.body()), origin);
    });
    sequencer.enqueue(response, r -> write(ctx, r, keepAlive));
  }

  private FullHttpResponse preflight(FullHttpRequest request, String origin) {
    if (cors.allowOriginHeader(origin).isEmpty()) {
      return text(HttpResponseStatus.FORBIDDEN, "origin not allowed");
    }
    FullHttpResponse response = withCors(empty(HttpResponseStatus.NO_CONTENT), origin);
    String requested = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
    response.headers()
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST, GET, OPTIONS")
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested == null ? "Content-Type" : requested)
        .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
    return response;
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String origin) {
    String path = new QueryStringDecoder(request.uri()).path();
    if (!WEBSOCKET_PATHS.contains(path)) {
      reply(ctx, text(HttpResponseStatus.NOT_FOUND, "WebSocket endpoints are / and /ws"), false);
      return;
    }
    if (!cors.allows(origin)) {
      reply(ctx, text(HttpResponseStatus.FORBIDDEN, "origin not allowed"), false);
      return;
    }
    WebSocketDecoderConfig decoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxRequestBytes)
        .allowExtensions(false)
        .closeOnProtocolViolation(true)
        .build();
    String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + path;
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location, null, decoderConfig)
        .newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    handshaker.handshake(ctx.channel(), request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    // Still on the event loop, so no frame can arrive before the pipeline is switched.
    ChannelPipeline pipeline = ctx.pipeline();
    if (pipeline.get(JsonRpcServer.IDLE_HANDLER) != null) {
      pipeline.remove(JsonRpcServer.IDLE_HANDLER); // subscribers may legitimately stay silent for long
    }
    WebSocketConnection connection = new WebSocketConnection(ctx.channel(), sequencer, messages);
    pipeline.replace(this, "ws-aggregator", new WebSocketFrameAggregator(maxRequestBytes));
    pipeline.addAfter("ws-aggregator", "ws-handler", new WebSocketFrameHandler(handshaker, dispatcher, sequencer, connection));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      super.userEventTriggered(ctx, event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  private void reply(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    sequencer.enqueue(CompletableFuture.completedFuture(response), r -> write(ctx, r, keepAlive));
  }

  private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private FullHttpResponse withCors(FullHttpResponse response, String origin) {
    cors.allowOriginHeader(origin).ifPresent(value -> {
      response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, value);
      if (!"*".equals(value)) {
        response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
      }
    });
    return response;
  }

  private static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    return response;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String message) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return response;
  }

  private static FullHttpResponse empty(HttpResponseStatus status) {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
  }

  private static boolean isWebSocketUpgrade(FullHttpRequest request) {
    return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return JSON_TYPES.contains(mediaType);
  }
}
