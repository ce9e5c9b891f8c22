package org.mercato.node.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} in the Prometheus text format, on the JDK's HTTP server with one daemon
 * thread (a scrape every few seconds needs no more). Any other path is 404; another method on
 * /metrics is 405. Binds where it is told: 127.0.0.1 by default (see MetricsConfig).
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
  /** The Prometheus text exposition format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final String host;
  private final int port;
  private final Supplier<String> scrape;
  private HttpServer server;
  private ExecutorService executor;

  public MetricsServer(String host, int port, Supplier<String> scrape) {
    this.host = host;
    this.port = port;
    this.scrape = scrape;
  }

  /** Binds and serves; returns the bound address (the real port when 0 was asked). */
  public synchronized InetSocketAddress start() {
    if (server != null) {
      return server.getAddress();
    }
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the metrics server to " + host + ":" + port
          + " (another node running? use another metrics port, or turn metrics off)", e);
    }
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "metrics-http");
      t.setDaemon(true);
      return t;
    });
    s.setExecutor(executor);
    s.createContext("/", this::handle);
    s.start();
    server = s;
    LOG.info("Metrics on {}", uri());
    return s.getAddress();
  }

  public synchronized InetSocketAddress address() {
    return server == null ? null : server.getAddress();
  }

  /** http://host:port/metrics of the running server. */
  public synchronized URI uri() {
    InetSocketAddress a = server.getAddress();
    String h = a.getAddress().getHostAddress();
    return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort() + "/metrics");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"/metrics".equals(path)) {
        send(exchange, 404, "text/plain; charset=utf-8", "Not found; metrics are at /metrics\n", true);
        return;
      }
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n", true);
        return;
      }
      String body;
      try {
        body = scrape.get();
      } catch (RuntimeException e) {
        LOG.warn("Metrics scrape failed", e);
        send(exchange, 500, "text/plain; charset=utf-8", "Scrape failed\n", true);
        return;
      }
      send(exchange, 200, CONTENT_TYPE, body, !head);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body, boolean withBody) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if (withBody) {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } else {
      exchange.sendResponseHeaders(status, -1);
    }
  }

  /** Stops accepting, gives an in-flight scrape up to a second, releases the port. Idempotent. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(1);
      executor.shutdownNow();
      server = null;
    }
  }
}
