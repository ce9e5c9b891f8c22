package org.mercato.node.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.mercato.market.data.provider.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the provider's HTTP requests (docs/spec/data-market.md §Provider (download service), "Endpoints") to
 * {@link ProviderService} on the worker executor (signature recovery, state reads and disk I/O stay off the event loop),
 * and frames the answers: JSON with its status, or a file streamed from disk.
 */
final class ProviderHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderHttpHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FILES = "/files/";
  static final String CONTENT_HASH_HEADER = "X-Mercato-Content-Hash";

  private final ProviderService service;
  private final Executor workers;

  ProviderHttpHandler(ProviderService service, Executor workers) {
    this.service = service;
    this.workers = workers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      send(ctx, ProviderResponse.refused(Refusal.BAD_REQUEST, "malformed HTTP request"), false);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
    HttpMethod method = request.method();
    if (HttpMethod.OPTIONS.equals(method)) {
      FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
      r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, PUT, OPTIONS");
      r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
      r.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 600);
      write(ctx, r, keepAlive);
      return;
    }
    Map<String, String> query = single(uri.parameters());
    ByteBuffer body;
    if (HttpMethod.PUT.equals(method) && path.startsWith(FILES)) {
      // Copied out of the pooled buffer, which the inbound handler releases when this method returns.
      byte[] b = new byte[request.content().readableBytes()];
      request.content().readBytes(b);
      body = ByteBuffer.wrap(b).asReadOnlyBuffer();
    } else {
      body = null;
    }
    try {
      workers.execute(() -> {
        ProviderResponse answer;
        try {
          answer = route(method, path, query, body);
        } catch (RuntimeException e) {
          LOG.warn("Provider: {} {} failed", method, path, e);
          answer = ProviderResponse.refused(Refusal.INTERNAL, "");
        }
        send(ctx, answer, keepAlive);
      });
    } catch (RejectedExecutionException e) {
      send(ctx, ProviderResponse.refused(Refusal.INTERNAL, "provider is shutting down"), false);
    }
  }

  private ProviderResponse route(HttpMethod method, String path, Map<String, String> query, ByteBuffer body) {
    if (path.equals("/")) {
      return HttpMethod.GET.equals(method) ? service.info() : notAllowed(method, path);
    }
    if (path.equals("/nonce")) {
      return HttpMethod.GET.equals(method) ? service.nonce(query) : notAllowed(method, path);
    }
    if (path.equals("/initialize")) {
      return HttpMethod.GET.equals(method) ? service.initialize(query) : notAllowed(method, path);
    }
    if (path.startsWith(FILES) && path.indexOf('/', FILES.length()) < 0) {
      String assetId = path.substring(FILES.length());
      if (HttpMethod.GET.equals(method)) {
        return service.download(assetId, query);
      }
      if (HttpMethod.PUT.equals(method)) {
        return service.upload(assetId, query, body);
      }
      return notAllowed(method, path);
    }
    return ProviderResponse.refused(Refusal.NOT_FOUND, "GET /, GET /nonce, GET /initialize, GET and PUT /files/{assetId}");
  }

  private static ProviderResponse notAllowed(HttpMethod method, String path) {
    return ProviderResponse.refused(Refusal.METHOD_NOT_ALLOWED, method + " " + path);
  }

  /** Query parameters, the first value of each (duplicates are not a way to smuggle a second nonce in). */
  private static Map<String, String> single(Map<String, List<String>> params) {
    Map<String, String> out = new TreeMap<>();
    params.forEach((k, v) -> {
      if (!v.isEmpty()) {
        out.put(k, v.get(0));
      }
    });
    return out;
  }

  static void send(ChannelHandlerContext ctx, ProviderResponse answer, boolean keepAlive) {
    if (answer instanceof ProviderResponse.File f) {
      HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      HttpHeaders h = r.headers();
      h.set(HttpHeaderNames.CONTENT_TYPE, f.contentType());
      h.set(HttpHeaderNames.CONTENT_LENGTH, f.size());
      h.set(CONTENT_HASH_HEADER, f.contentHash().toHexString());
      h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
      h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, CONTENT_HASH_HEADER);
      if (!keepAlive) {
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
      ctx.write(r);
      ctx.write(new DefaultFileRegion(f.path().toFile(), 0, f.size()));
      finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
      return;
    }
    ProviderResponse.Json j = (ProviderResponse.Json) answer;
    byte[] bytes;
    try {
      bytes = (JSON.writeValueAsString(j.body()) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(j.status()),
        Unpooled.wrappedBuffer(bytes));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    write(ctx, r, keepAlive);
  }

  private static void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    if (!keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    finish(ctx.writeAndFlush(r), keepAlive);
  }

  private static void finish(ChannelFuture f, boolean keepAlive) {
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Provider connection error: {}", cause.toString());
    ctx.close();
  }
}
