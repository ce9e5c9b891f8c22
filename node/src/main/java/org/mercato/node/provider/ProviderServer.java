package org.mercato.node.provider;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mercato.market.data.provider.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's HTTP server (netty NIO, as the JSON-RPC server): one accept thread, one I/O thread, two workers for
 * the checks and disk work. Binds where it is told, 127.0.0.1 by default (ProviderConfig). A body larger than the
 * maximum upload size is refused with 413 before it is read.
 */
public final class ProviderServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderServer.class);
  private static final int IDLE_SECONDS = 120;

  private final String host;
  private final int port;
  private final ProviderService service;
  private EventLoopGroup acceptGroup;
  private EventLoopGroup ioGroup;
  private ExecutorService workers;
  private ChannelGroup channels;
  private InetSocketAddress address;

  public ProviderServer(String host, int port, ProviderService service) {
    this.host = host;
    this.port = port;
    this.service = service;
  }

  /** Binds and serves; returns the bound address (the real port when 0 was asked). */
  public synchronized InetSocketAddress start() {
    if (address != null) {
      return address;
    }
    workers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(256),
        new DefaultThreadFactory("provider-worker", true));
    acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("provider-accept", true));
    ioGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("provider-io", true));
    channels = new DefaultChannelGroup("provider", GlobalEventExecutor.INSTANCE);
    int maxBody = (int) service.maxUploadBytes();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(acceptGroup, ioGroup)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 128)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            channels.add(ch);
            ch.pipeline()
                .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS))
                .addLast(new HttpServerCodec())
                .addLast(new Aggregator(maxBody))
                .addLast(new ProviderHttpHandler(service, workers));
          }
        });
    try {
      Channel server = bootstrap.bind(host, port).syncUninterruptibly().channel();
      channels.add(server);
      address = (InetSocketAddress) server.localAddress();
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("cannot bind the provider to " + host + ":" + port
          + " (another provider running? use another --provider-port)", e);
    }
    LOG.info("Provider {} serving on {} (uploads up to {} bytes)", service.provider().toChecksumHex(), uri(),
        service.maxUploadBytes());
    return address;
  }

  public synchronized InetSocketAddress address() {
    return address;
  }

  /** http://host:port/ of the running server. */
  public synchronized URI uri() {
    String h = address.getAddress().getHostAddress();
    return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + address.getPort() + "/");
  }

  /** Stops accepting, closes connections and threads. Idempotent. */
  @Override
  public synchronized void close() {
    if (channels != null) {
      channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      channels = null;
    }
    if (acceptGroup != null) {
      acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      acceptGroup = null;
    }
    if (workers != null) {
      workers.shutdownNow();
      workers = null;
    }
  }

  /** The aggregator, answering an oversized body with the provider's JSON 413 instead of netty's empty one. */
  private static final class Aggregator extends HttpObjectAggregator {
    Aggregator(int max) {
      super(max);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      LOG.info("Provider: refused a request of more than {} bytes: upload_too_large", maxContentLength());
      // Closing at once would reset a client still sending the body, which then never reads the 413:
      // keep the connection while the aggregator discards the rest, as netty's own handler does.
      boolean keepAlive = !(oversized instanceof FullHttpMessage)
          && (HttpUtil.is100ContinueExpected(oversized) || HttpUtil.isKeepAlive(oversized));
      ProviderHttpHandler.send(ctx, ProviderResponse.refused(Refusal.UPLOAD_TOO_LARGE, "at most " + maxContentLength()
          + " bytes"), keepAlive);
    }
  }
}
