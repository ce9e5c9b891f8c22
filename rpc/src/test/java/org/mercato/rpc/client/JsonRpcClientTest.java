package org.mercato.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.client.JsonRpcClient.Call;
import org.mercato.rpc.client.JsonRpcClient.Outcome;
import org.mercato.rpc.server.JsonRpcServer;
import org.mercato.rpc.testing.RpcTestSupport;
import org.mercato.state.types.Address;

class JsonRpcClientTest {
  private static JsonRpcServer server;
  private static JsonRpcClient client;

  @BeforeAll
  static void start() {
    server = RpcTestSupport.start(List.of(), 4, c -> c);
    client = new JsonRpcClient(server.httpUri());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void callReturnsTheResult() {
    assertEquals("0x00000000000000000000000000000000000000aa",
        client.call("test_address", Address.fromHex("0x00000000000000000000000000000000000000aa")).asText());
    assertTrue(client.call("test_null").isNull());
  }

  @Test
  void callThrowsTypedErrors() {
    JsonRpcCallException e = assertThrows(JsonRpcCallException.class, () -> client.call("test_quantity", "nothex"));
    assertEquals(-32602, e.code());
    assertEquals("invalid argument 0: hex string \"nothex\" without 0x prefix", e.getMessage());
    JsonRpcCallException rejected = assertThrows(JsonRpcCallException.class, () -> client.call("test_reject"));
    assertEquals(-32000, rejected.code());
    assertEquals("0x1", rejected.data().path("nonce").asText());
  }

  @Test
  void batchKeepsRequestOrder() {
    List<Outcome> outcomes = client.batch(List.of(
        Call.of("test_slow", "0x32", "first"),
        Call.of("nope"),
        Call.of("test_echo", 3)));
    assertEquals("first", outcomes.get(0).get().asText());
    assertTrue(outcomes.get(1).isError());
    assertEquals(-32601, outcomes.get(1).error().code());
    assertFalse(outcomes.get(2).isError());
    assertEquals(3, outcomes.get(2).get().asInt());
  }

  @Test
  void batchOverTheLimitReportsTheErrorForEveryCall() {
    List<Outcome> outcomes = client.batch(List.of(Call.of("test_null"), Call.of("test_null"), Call.of("test_null"),
        Call.of("test_null"), Call.of("test_null")));
    assertEquals(5, outcomes.size());
    outcomes.forEach(o -> assertEquals(-32005, o.error().code()));
  }

  @Test
  void transportFailuresAreUncheckedIo() {
    JsonRpcServer stopped = RpcTestSupport.start();
    URI uri = stopped.httpUri();
    stopped.stop();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new JsonRpcClient(uri).call("test_null"));
    // What a CLI user reads: where, and what failed (the JDK's own message is empty).
    assertEquals("cannot reach " + uri + ": connection refused (is the node running there?)", e.getMessage());
  }
}
