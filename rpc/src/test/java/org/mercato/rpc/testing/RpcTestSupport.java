package org.mercato.rpc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcProcessor;
import org.mercato.rpc.jsonrpc.MethodRegistry;
import org.mercato.rpc.jsonrpc.RpcJson;
import org.mercato.rpc.server.JsonRpcServer;
import org.mercato.rpc.server.RpcServerConfig;

/** Starts servers on ephemeral loopback ports and talks to them over real sockets. */
public final class RpcTestSupport {
  public static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private RpcTestSupport() {}

  public static JsonRpcServer start(List<JsonRpcMethod> extra, int maxBatch, UnaryOperator<RpcServerConfig> config) {
    List<JsonRpcMethod> methods = new ArrayList<>(TestMethods.all());
    methods.addAll(extra);
    JsonRpcProcessor processor = new JsonRpcProcessor(new MethodRegistry(methods), maxBatch);
    JsonRpcServer server = new JsonRpcServer(config.apply(RpcServerConfig.defaults().withPort(0).withWorkerThreads(2)), processor);
    server.start();
    return server;
  }

  public static JsonRpcServer start() {
    return start(List.of(), JsonRpcProcessor.DEFAULT_MAX_BATCH_SIZE, c -> c);
  }

  public static HttpResponse<String> post(URI uri, String body) {
    return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POSTs and parses the JSON response body, asserting HTTP 200. */
  public static JsonNode rpc(URI uri, String body) {
    HttpResponse<String> response = post(uri, body);
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
    }
    return json(response.body());
  }

  public static JsonNode json(String text) {
    try {
      return RpcJson.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes raw bytes on a fresh socket, half-closes nothing, and reads until {@code expectedResponses} HTTP responses arrived or the server closes. */
  public static String rawExchange(InetSocketAddress address, byte[] request, int expectedResponses) throws IOException {
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return readResponses(socket.getInputStream(), expectedResponses);
    }
  }

  /** Reads HTTP/1.1 responses with Content-Length bodies. */
  public static String readResponses(InputStream in, int count) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int n = 0; n < count; n++) {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        byte[] h = head.toByteArray();
        int len = h.length;
        if (len >= 4 && h[len - 4] == '\r' && h[len - 3] == '\n' && h[len - 2] == '\r' && h[len - 1] == '\n') {
          break;
        }
      }
      if (b < 0) {
        all.write(head.toByteArray());
        break;
      }
      String headers = head.toString(StandardCharsets.ISO_8859_1);
      all.write(head.toByteArray());
      int contentLength = 0;
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          contentLength = Integer.parseInt(line.substring(15).trim());
        }
      }
      all.write(in.readNBytes(contentLength));
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  public static String httpPost(String path, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
        + bytes.length + "\r\n\r\n" + body;
  }
}
