package org.mercato.rpc.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mercato.rpc.jsonrpc.JsonRpcProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over HTTP and WebSocket on one port (netty NIO).
 *
 * <p>Threading: netty event loops ({@code ioThreads}) only read, frame and write; every request body
 * is handed to the worker executor (the one given, or a fixed pool of {@code workerThreads} that
 * this server owns and shuts down), and each connection's responses are written in request order.
 *
 * <pre>{@code
 * JsonRpcProcessor processor = new JsonRpcProcessor(new MethodRegistry(methods));
 * JsonRpcServer server = new JsonRpcServer(RpcServerConfig.defaults().withPort(0), processor);
 * InetSocketAddress bound = server.start();
 * ...
 * server.stop();
 * }</pre>
 */
public final class JsonRpcServer implements AutoCloseable {
  static final String IDLE_HANDLER = "idle";
  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcServer.class);

  private final RpcServerConfig config;
  private final JsonRpcProcessor processor;
  private final Executor givenExecutor;

  private enum State { NEW, RUNNING, STOPPED }

  private State state = State.NEW;
  private EventLoopGroup acceptGroup;
  private EventLoopGroup ioGroup;
  private ExecutorService ownedExecutor;
  private ChannelGroup channels;
  private InetSocketAddress address;

  /** Methods run on a worker pool this server creates from the config. */
  public JsonRpcServer(RpcServerConfig config, JsonRpcProcessor processor) {
    this(config, processor, null);
  }

  /** Methods run on {@code executor}, which the caller owns (it is not shut down by {@link #stop()}). */
  public JsonRpcServer(RpcServerConfig config, JsonRpcProcessor processor, Executor executor) {
    this.config = config;
    this.processor = processor;
    this.givenExecutor = executor;
  }

  /**
   * Binds and starts serving.
   *
   * @return the bound address (the real port when the config asked for port 0)
   * @throws IllegalStateException if already started, or the address cannot be bound
   */
  public synchronized InetSocketAddress start() {
    if (state != State.NEW) {
      throw new IllegalStateException("JSON-RPC server already " + state.name().toLowerCase());
    }
    Executor executor = givenExecutor != null ? givenExecutor : (ownedExecutor = workerPool(config));
    RequestDispatcher dispatcher = new RequestDispatcher(processor, executor);
    CorsPolicy cors = new CorsPolicy(config.corsAllowedOrigins());
    HostPolicy hosts = new HostPolicy(config.allowedHosts());
    acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("rpc-accept", true));
    ioGroup = new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("rpc-io", true));
    channels = new DefaultChannelGroup("rpc", GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(acceptGroup, ioGroup)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            channels.add(ch);
            if (config.idleTimeoutSeconds() > 0) {
              ch.pipeline().addLast(IDLE_HANDLER, new IdleStateHandler(0, 0, config.idleTimeoutSeconds()));
            }
            ch.pipeline()
                .addLast("http-codec", new HttpServerCodec())
                .addLast("http-aggregator", new HttpObjectAggregator(config.maxRequestBytes()))
                .addLast("http-handler", new HttpRequestHandler(dispatcher, processor.messages(), cors, hosts, config.maxRequestBytes()));
          }
        });
    state = State.RUNNING;
    try {
      Channel server = bootstrap.bind(config.host(), config.port()).syncUninterruptibly().channel();
      channels.add(server);
      address = (InetSocketAddress) server.localAddress();
    } catch (RuntimeException e) {
      stop();
      throw new IllegalStateException("cannot bind JSON-RPC server to " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    LOG.info("JSON-RPC server listening on http://{}:{} (HTTP and WebSocket)", address.getHostString(), address.getPort());
    return address;
  }

  /** The bound address; null before {@link #start()}. */
  public synchronized InetSocketAddress address() {
    return address;
  }

  /** {@code http://host:port/} of the running server. */
  public URI httpUri() {
    InetSocketAddress a = requireAddress();
    return URI.create("http://" + hostForUri(a) + ":" + a.getPort() + "/");
  }

  /** {@code ws://host:port/} of the running server. */
  public URI webSocketUri() {
    InetSocketAddress a = requireAddress();
    return URI.create("ws://" + hostForUri(a) + ":" + a.getPort() + "/");
  }

  /** Closes the port and every connection, then the threads this server owns. Idempotent. */
  public synchronized void stop() {
    if (state == State.STOPPED) {
      return;
    }
    boolean wasRunning = state == State.RUNNING;
    state = State.STOPPED;
    if (!wasRunning) {
      return;
    }
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        if (!ownedExecutor.awaitTermination(2, TimeUnit.SECONDS)) {
          ownedExecutor.shutdownNow();
        }
      } catch (InterruptedException e) {
        ownedExecutor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (address != null) {
      LOG.info("JSON-RPC server on {}:{} stopped", address.getHostString(), address.getPort());
    }
  }

  @Override
  public void close() {
    stop();
  }

  private synchronized InetSocketAddress requireAddress() {
    if (address == null) {
      throw new IllegalStateException("JSON-RPC server not started");
    }
    return address;
  }

  private static String hostForUri(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static ExecutorService workerPool(RpcServerConfig config) {
    return new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(config.workerQueueCapacity()), new DefaultThreadFactory("rpc-worker", true));
  }
}
