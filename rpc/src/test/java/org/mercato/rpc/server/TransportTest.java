package org.mercato.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.rpc.testing.RpcTestSupport.httpPost;
import static org.mercato.rpc.testing.RpcTestSupport.post;
import static org.mercato.rpc.testing.RpcTestSupport.rawExchange;
import static org.mercato.rpc.testing.RpcTestSupport.rpc;
import static org.mercato.rpc.testing.RpcTestSupport.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.jsonrpc.JsonRpcProcessor;
import org.mercato.rpc.jsonrpc.MethodRegistry;
import org.mercato.rpc.testing.RpcTestSupport;
import org.mercato.rpc.testing.TestMethods;

/** HTTP transport: limits, CORS, binding, robustness against bad bytes, ordering, lifecycle. */
class TransportTest {
  private static final String ECHO_OK = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\"ok\"]}";

  private static void assertStillServing(URI uri) {
    assertEquals("ok", rpc(uri, ECHO_OK).get("result").asText());
  }

  @Test
  void bindsToLoopbackByDefaultAndReportsTheRealPort() {
    assertEquals("127.0.0.1", RpcServerConfig.defaults().host());
    assertEquals(8545, RpcServerConfig.defaults().port());
    try (JsonRpcServer server = RpcTestSupport.start()) {
      InetSocketAddress address = server.address();
      assertTrue(address.getAddress().isLoopbackAddress(), address.toString());
      assertEquals("127.0.0.1", address.getAddress().getHostAddress());
      assertTrue(address.getPort() > 0);
      assertStillServing(server.httpUri());
    }
  }

  @Test
  void stopIsIdempotentAndStartOnlyOnce() {
    JsonRpcServer server = RpcTestSupport.start();
    assertThrows(IllegalStateException.class, server::start);
    server.stop();
    server.stop();
    assertThrows(IllegalStateException.class, server::start);
    assertThrows(IOException.class, () -> new Socket(server.address().getAddress(), server.address().getPort()).close());
  }

  @Test
  void oversizeBodyGets413AndTheServerGoesOn() throws IOException {
    try (JsonRpcServer server = RpcTestSupport.start(List.of(), 100, c -> c.withMaxRequestBytes(4096))) {
      String head = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
      String response = rawExchange(server.address(), (head + "[" + " ".repeat(100)).getBytes(StandardCharsets.US_ASCII), 1);
      assertTrue(response.startsWith("HTTP/1.1 413"), response);

      HttpResponse<String> viaClient = post(server.httpUri(), "\"" + "x".repeat(5000) + "\"");
      assertEquals(413, viaClient.statusCode());

      String atLimit = ECHO_OK + " ".repeat(4096 - ECHO_OK.length());
      assertEquals("ok", rpc(server.httpUri(), atLimit).get("result").asText());
      assertStillServing(server.httpUri());
    }
  }

  @Test
  void garbageAndHalfRequestsDoNotStopTheServer() throws IOException {
    try (JsonRpcServer server = RpcTestSupport.start()) {
      String bad = rawExchange(server.address(), "\u0000\u0001\u0002 garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 1);
      assertTrue(bad.startsWith("HTTP/1.1 400"), bad);

      String badVersion = rawExchange(server.address(), "NOT-HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 1);
      assertTrue(badVersion.startsWith("HTTP/1.1 400"), badVersion);

      try (Socket half = new Socket(server.address().getAddress(), server.address().getPort())) {
        OutputStream out = half.getOutputStream();
        out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\"".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertStillServing(server.httpUri()); // while the half request is pending
      }
      try (Socket headersOnly = new Socket(server.address().getAddress(), server.address().getPort())) {
        headersOnly.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\nContent-Le".getBytes(StandardCharsets.US_ASCII));
      }
      try (Socket binary = new Socket(server.address().getAddress(), server.address().getPort())) {
        byte[] noise = new byte[20_000];
        new java.util.Random(7).nextBytes(noise);
        binary.getOutputStream().write(noise);
      } catch (IOException closedByServer) {
        // the server may hang up mid-write: fine
      }
      assertStillServing(server.httpUri());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    try (JsonRpcServer server = RpcTestSupport.start()) {
      String slow = httpPost("/", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_slow\",\"params\":[\"0x12c\",\"first\"]}");
      String fast = httpPost("/", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_echo\",\"params\":[\"second\"]}");
      String responses = rawExchange(server.address(), (slow + fast).getBytes(StandardCharsets.UTF_8), 2);
      int first = responses.indexOf("\"first\"");
      int second = responses.indexOf("\"second\"");
      assertTrue(first > 0 && second > first, responses);
    }
  }

  @Test
  void contentTypeAndHttpMethods() {
    try (JsonRpcServer server = RpcTestSupport.start()) {
      URI uri = server.httpUri();
      HttpResponse<String> noType = send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(ECHO_OK)).build());
      assertEquals(415, noType.statusCode());
      HttpResponse<String> textPlain = send(HttpRequest.newBuilder(uri).header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString(ECHO_OK)).build());
      assertEquals(415, textPlain.statusCode());
      HttpResponse<String> withCharset = send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json; charset=UTF-8")
          .POST(HttpRequest.BodyPublishers.ofString(ECHO_OK)).build());
      assertEquals(200, withCharset.statusCode());

      assertEquals(200, send(HttpRequest.newBuilder(uri).GET().build()).statusCode());
      HttpResponse<String> put = send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(ECHO_OK)).build());
      assertEquals(405, put.statusCode());
      assertStillServing(uri);
    }
  }

  @Test
  void corsAnyOriginByDefault() {
    try (JsonRpcServer server = RpcTestSupport.start()) {
      HttpResponse<String> preflight = send(HttpRequest.newBuilder(server.httpUri())
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "chrome-extension://nkbihfbeogaeaoehlefnkodbefgpgknn")
          .header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "content-type")
          .build());
      assertEquals(204, preflight.statusCode());
      assertEquals("*", preflight.headers().firstValue("access-control-allow-origin").orElse(null));
      assertTrue(preflight.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));
      assertEquals("content-type", preflight.headers().firstValue("access-control-allow-headers").orElse(null));

      HttpResponse<String> call = send(HttpRequest.newBuilder(server.httpUri()).header("Content-Type", "application/json")
          .header("Origin", "http://localhost:3000").POST(HttpRequest.BodyPublishers.ofString(ECHO_OK)).build());
      assertEquals("*", call.headers().firstValue("access-control-allow-origin").orElse(null));
    }
  }

  @Test
  void corsRestrictedToConfiguredOrigins() {
    try (JsonRpcServer server = RpcTestSupport.start(List.of(), 100, c -> c.withCorsAllowedOrigins(List.of("https://dapp.example")))) {
      HttpResponse<String> allowed = send(HttpRequest.newBuilder(server.httpUri())
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://dapp.example").header("Access-Control-Request-Method", "POST").build());
      assertEquals(204, allowed.statusCode());
      assertEquals("https://dapp.example", allowed.headers().firstValue("access-control-allow-origin").orElse(null));
      assertEquals("origin", allowed.headers().firstValue("vary").orElse("").toLowerCase());

      HttpResponse<String> refused = send(HttpRequest.newBuilder(server.httpUri())
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build());
      assertEquals(403, refused.statusCode());
      assertFalse(refused.headers().firstValue("access-control-allow-origin").isPresent());

      HttpResponse<String> call = send(HttpRequest.newBuilder(server.httpUri()).header("Content-Type", "application/json")
          .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString(ECHO_OK)).build());
      assertFalse(call.headers().firstValue("access-control-allow-origin").isPresent());
      assertStillServing(server.httpUri()); // no Origin: not a browser, allowed
    }
  }

  @Test
  void batchLongerThanTheLimitIsRefusedWithLimitExceeded() {
    try (JsonRpcServer server = RpcTestSupport.start(List.of(), 3, c -> c)) {
      String call = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"test_echo\",\"params\":[1]}";
      JsonNode ok = rpc(server.httpUri(), "[" + String.format(call, 1) + "," + String.format(call, 2) + "," + String.format(call, 3) + "]");
      assertEquals(3, ok.size());
      JsonNode tooLong = rpc(server.httpUri(), "[" + String.format(call, 11) + "," + String.format(call, 12) + ","
          + String.format(call, 13) + "," + String.format(call, 14) + "]");
      assertEquals(1, tooLong.size(), tooLong.toString());
      assertEquals(11, tooLong.get(0).get("id").asInt());
      assertEquals(-32005, tooLong.get(0).path("error").path("code").asInt());
      assertEquals("batch too large: 4 requests, limit 3", tooLong.get(0).path("error").path("message").asText());
    }
  }

  @Test
  void defaultBatchLimitAcceptsFiveThousand() {
    try (JsonRpcServer server = RpcTestSupport.start()) {
      StringBuilder batch = new StringBuilder("[");
      for (int i = 0; i < 5000; i++) {
        batch.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"test_null\"}");
      }
      JsonNode response = rpc(server.httpUri(), batch.append(']').toString());
      assertEquals(5000, response.size());
      assertEquals(4999, response.get(4999).get("id").asInt());
    }
  }

  @Test
  void refusedWorkGetsServiceUnavailable() {
    JsonRpcProcessor processor = new JsonRpcProcessor(new MethodRegistry(TestMethods.all()));
    try (JsonRpcServer server = new JsonRpcServer(RpcServerConfig.defaults().withPort(0), processor,
        command -> { throw new RejectedExecutionException("full"); })) {
      server.start();
      HttpResponse<String> response = post(server.httpUri(), ECHO_OK);
      assertEquals(503, response.statusCode());
      assertEquals(-32005, RpcTestSupport.json(response.body()).path("error").path("code").asInt());
    }
  }

  @Test
  void givenExecutorIsUsedAndNotShutDown() {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      JsonRpcProcessor processor = new JsonRpcProcessor(new MethodRegistry(TestMethods.all()));
      try (JsonRpcServer server = new JsonRpcServer(RpcServerConfig.defaults().withPort(0), processor, executor)) {
        server.start();
        assertStillServing(server.httpUri());
      }
      assertFalse(executor.isShutdown());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void unknownHostNamesAreRefusedSoDnsRebindingCannotReachTheNode() throws IOException {
    try (JsonRpcServer server = RpcTestSupport.start()) {
      String body = ECHO_OK;
      for (String host : List.of("localhost:8545", "LOCALHOST", "127.0.0.1:8545", "[::1]:8545", "10.1.2.3")) {
        String response = rawExchange(server.address(), rawPost(host, body), 1);
        assertTrue(response.startsWith("HTTP/1.1 200"), host + " -> " + response);
      }
      for (String host : List.of("evil.example:8545", "rebind.attacker.test", "localhost.evil.example")) {
        String response = rawExchange(server.address(), rawPost(host, body), 1);
        assertTrue(response.startsWith("HTTP/1.1 403"), host + " -> " + response);
        assertTrue(response.contains("invalid host specified"), response);
      }
      assertStillServing(server.httpUri());
    }
    try (JsonRpcServer server = RpcTestSupport.start(List.of(), 100, c -> c.withAllowedHosts(List.of("node.internal")))) {
      assertTrue(rawExchange(server.address(), rawPost("node.internal:8545", ECHO_OK), 1).startsWith("HTTP/1.1 200"));
      assertTrue(rawExchange(server.address(), rawPost("localhost", ECHO_OK), 1).startsWith("HTTP/1.1 403"));
    }
    try (JsonRpcServer server = RpcTestSupport.start(List.of(), 100, c -> c.withAllowedHosts(List.of("*")))) {
      assertTrue(rawExchange(server.address(), rawPost("anything.example", ECHO_OK), 1).startsWith("HTTP/1.1 200"));
    }
  }

  private static byte[] rawPost(String host, String body) {
    return ("POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
  }
}
