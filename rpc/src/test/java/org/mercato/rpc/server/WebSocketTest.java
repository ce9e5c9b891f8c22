package org.mercato.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.rpc.testing.RpcTestSupport.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.testing.RpcTestSupport;

/** JSON-RPC over WebSocket on the same port as HTTP, with java.net.http.WebSocket. */
class WebSocketTest {
  private static JsonRpcServer server;

  @BeforeAll
  static void start() {
    server = RpcTestSupport.start(List.of(), 5000, c -> c.withMaxRequestBytes(4096));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  /** Collects whole text messages and the close code. */
  static final class Client implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static Client connect(URI uri) {
      Client client = new Client();
      client.socket = RpcTestSupport.HTTP.newWebSocketBuilder().buildAsync(uri, client).join();
      return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }

    JsonNode exchange(String request) throws InterruptedException {
      socket.sendText(request, true).join();
      return next();
    }

    JsonNode next() throws InterruptedException {
      String message = messages.poll(10, TimeUnit.SECONDS);
      assertNotNull(message, "no message within 10 s");
      return json(message);
    }

    void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }

  private static URI ws(String path) {
    return server.webSocketUri().resolve(path);
  }

  @Test
  void singleCallOnRootPath() throws Exception {
    Client client = Client.connect(ws("/"));
    JsonNode response = client.exchange("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"test_echo\",\"params\":[7]}");
    assertEquals("a", response.get("id").asText());
    assertEquals(7, response.get("result").asInt());
    client.close();
  }

  @Test
  void batchAndErrorsOnWsPath() throws Exception {
    Client client = Client.connect(ws("/ws"));
    JsonNode batch = client.exchange("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[1]},"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"test_echo\",\"params\":[\"notified\"]},"
        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"missing_method\"}]");
    assertEquals(2, batch.size(), batch.toString());
    assertEquals(1, batch.get(0).get("result").asInt());
    assertEquals(-32601, batch.get(1).path("error").path("code").asInt());

    JsonNode parseError = client.exchange("{oops");
    assertEquals(-32700, parseError.path("error").path("code").asInt());
    // a notification gets nothing back; the next call proves the connection is still fine
    client.socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"test_echo\",\"params\":[0]}", true).join();
    assertEquals(3, client.exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test_echo\",\"params\":[3]}").get("result").asInt());
    client.close();
  }

  @Test
  void manyCallsOnOneConnectionAnswerInOrder() throws Exception {
    Client client = Client.connect(ws("/"));
    client.socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"test_slow\",\"params\":[\"0xc8\",\"slow\"]}", true).join();
    for (int i = 1; i <= 20; i++) {
      client.socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"test_echo\",\"params\":[" + i + "]}", true).join();
    }
    for (int i = 0; i <= 20; i++) {
      assertEquals(i, client.next().get("id").asInt());
    }
    client.close();
  }

  @Test
  void notificationsArePushedAfterTheSubscriptionId() throws Exception {
    Client client = Client.connect(ws("/"));
    JsonNode subscribed = client.exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\",\"params\":[2]}");
    assertEquals("0xabc", subscribed.get("result").asText());
    for (int n = 0; n < 2; n++) {
      JsonNode push = client.next();
      assertEquals("2.0", push.get("jsonrpc").asText());
      assertEquals("eth_subscription", push.get("method").asText());
      assertEquals("0xabc", push.path("params").path("subscription").asText());
      assertEquals(n, push.path("params").path("result").path("n").asInt());
    }
    client.close();
  }

  @Test
  void subscriptionsAreRefusedOverHttp() {
    JsonNode response = RpcTestSupport.rpc(server.httpUri(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\",\"params\":[1]}");
    assertEquals("notifications not supported", response.path("error").path("message").asText());
  }

  @Test
  void oversizeMessageClosesWithMessageTooBig() throws Exception {
    Client client = Client.connect(ws("/"));
    client.socket.sendText("\"" + "x".repeat(5000) + "\"", true);
    assertEquals(1009, client.closed.get(10, TimeUnit.SECONDS));
    // and the server serves new connections
    Client again = Client.connect(ws("/"));
    assertEquals(1, again.exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[1]}").get("result").asInt());
    again.close();
  }

  @Test
  void fragmentedOversizeMessageClosesToo() throws Exception {
    Client client = Client.connect(ws("/"));
    client.socket.sendText("[" + " ".repeat(3000), false).join();
    client.socket.sendText(" ".repeat(3000) + "]", true);
    assertEquals(1009, client.closed.get(10, TimeUnit.SECONDS));
  }

  private static int handshakeStatus(CompletionException e) {
    assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
    return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
  }

  @Test
  void unknownPathAndForeignOriginAreRefused() {
    CompletionException notFound = assertThrows(CompletionException.class, () -> Client.connect(ws("/other")));
    assertEquals(404, handshakeStatus(notFound));

    try (JsonRpcServer strict = RpcTestSupport.start(List.of(), 10, c -> c.withCorsAllowedOrigins(List.of("https://dapp.example")))) {
      CompletionException forbidden = assertThrows(CompletionException.class, () -> RpcTestSupport.HTTP.newWebSocketBuilder()
          .header("Origin", "https://evil.example").buildAsync(strict.webSocketUri(), new Client()).join());
      assertEquals(403, handshakeStatus(forbidden));
      Client allowed = new Client();
      allowed.socket = RpcTestSupport.HTTP.newWebSocketBuilder().header("Origin", "https://dapp.example")
          .buildAsync(strict.webSocketUri(), allowed).join();
      allowed.close();
    }
  }
}
