package org.mercato.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.rpc.testing.RpcTestSupport.json;
import static org.mercato.rpc.testing.RpcTestSupport.post;
import static org.mercato.rpc.testing.RpcTestSupport.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mercato.rpc.testing.RunningRpcServer;

/** JSON-RPC 2.0 protocol behaviour over a real HTTP socket. */
class HttpProtocolTest {
  @RegisterExtension static final RunningRpcServer SERVER = new RunningRpcServer();

  private static void assertError(JsonNode response, int code, String message) {
    assertEquals("2.0", response.get("jsonrpc").asText(), response.toString());
    assertFalse(response.has("result"), response.toString());
    assertEquals(code, response.path("error").path("code").asInt(), response.toString());
    assertEquals(message, response.path("error").path("message").asText(), response.toString());
  }

  @Test
  void singleCall() {
    HttpResponse<String> http = post(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"test_echo\",\"params\":[{\"a\":[1,\"x\"]}]}");
    assertEquals(200, http.statusCode());
    assertTrue(http.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"a\":[1,\"x\"]}}", http.body());
  }

  @Test
  void nullResultIsWrittenExplicitly() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
        post(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_null\"}").body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "\"abc\"", "\"\"", "null", "123456789012345678901234567890", "1.50"})
  void idIsEchoedExactly(String id) {
    String body = post(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"test_null\"}").body();
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":null}", body);
  }

  @Test
  void batchWithValidAndInvalidEntriesAnswersInOrder() {
    JsonNode response = rpc(SERVER.uri(), "["
        + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\"one\"]},"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"test_echo\",\"params\":[\"notification\"]},"
        + "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"nope_nothing\"},"
        + "42,"
        + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test_quantity\",\"params\":[\"zz\"]},"
        + "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"test_echo\",\"params\":[4]}"
        + "]");
    assertEquals(5, response.size(), response.toString());
    assertEquals("one", response.get(0).get("result").asText());
    assertEquals("two", response.get(1).get("id").asText());
    assertError(response.get(1), -32601, "the method nope_nothing does not exist/is not available");
    assertTrue(response.get(2).get("id").isNull());
    assertError(response.get(2), -32600, "invalid request: request must be an object");
    assertEquals(3, response.get(3).get("id").asInt());
    assertEquals(-32602, response.get(3).path("error").path("code").asInt());
    assertEquals(4, response.get(4).get("result").asInt());
  }

  @Test
  void singleNotificationGetsAnEmptyBody() {
    HttpResponse<String> http = post(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"method\":\"test_echo\",\"params\":[1]}");
    assertEquals(200, http.statusCode());
    assertEquals("", http.body());
  }

  @Test
  void notificationsGetNoResponseEvenWhenTheyFail() {
    HttpResponse<String> http = post(SERVER.uri(), "[{\"jsonrpc\":\"2.0\",\"method\":\"test_fail\"},"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"nope\"},{\"jsonrpc\":\"2.0\",\"method\":\"test_quantity\",\"params\":[1]}]");
    assertEquals(200, http.statusCode());
    assertEquals("", http.body());
  }

  @Test
  void explicitNullIdIsACallNotANotification() {
    JsonNode response = rpc(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"test_echo\",\"params\":[5]}");
    assertTrue(response.get("id").isNull());
    assertEquals(5, response.get("result").asInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"jsonrpc\":\"2.0\",", "not json", "[1,2", "{\"a\":1} trailing", "{'single':1}", " "})
  void parseErrorHasNullId(String body) {
    JsonNode response = rpc(SERVER.uri(), body);
    assertTrue(response.get("id").isNull(), response.toString());
    assertEquals(-32700, response.path("error").path("code").asInt(), response.toString());
    assertTrue(response.path("error").path("message").asText().startsWith("parse error"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "42                                                          | null | request must be an object",
      "\"a string\"                                                | null | request must be an object",
      "{\"jsonrpc\":\"2.0\",\"id\":1}                              | 1    | missing method",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}                 | 1    | method must be a string",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}              | 1    | method must be a string",
      "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"test_null\"}     | 1    | jsonrpc must be \"2.0\"",
      "{\"id\":1,\"method\":\"test_null\"}                         | 1    | jsonrpc must be \"2.0\"",
      "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"test_null\"}         | 1    | jsonrpc must be \"2.0\"",
      "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"test_null\"}    | null | id must be a string, a number or null",
      "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"test_null\"}   | null | id must be a string, a number or null",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_null\",\"params\":\"x\"} | 1 | params must be an array",
      "{\"jsonrpc\":\"2.0\",\"method\":\"test_null\",\"params\":3} | null | params must be an array",
  })
  void invalidRequests(String body, String id, String detail) {
    JsonNode response = rpc(SERVER.uri(), body);
    assertEquals(json(id), response.get("id"), response.toString());
    assertError(response, -32600, "invalid request: " + detail);
  }

  @Test
  void emptyBatchIsInvalid() {
    JsonNode response = rpc(SERVER.uri(), "[]");
    assertTrue(response.isObject());
    assertError(response, -32600, "invalid request: empty batch");
  }

  @Test
  void unknownMethodNamesTheMethod() {
    assertError(rpc(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_doesNotExist\"}"),
        -32601, "the method eth_doesNotExist does not exist/is not available");
  }

  @Test
  void objectParamsAreInvalidParams() {
    assertError(rpc(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":{\"a\":1}}"),
        -32602, "params must be an array of positional arguments");
  }

  @Test
  void runtimeExceptionBecomesInternalErrorWithoutDetail() {
    HttpResponse<String> http = post(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"test_fail\"}");
    assertEquals(200, http.statusCode());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-32603,\"message\":\"internal error\"}}", http.body());
  }

  @Test
  void unserializableResultBecomesInternalError() {
    assertError(rpc(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"test_unserializable\"}"), -32603, "internal error");
  }

  @Test
  void rejectionPassesMessageAndData() {
    JsonNode response = rpc(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_reject\"}");
    assertError(response, -32000, "nonce too low");
    assertEquals("0x1", response.path("error").path("data").path("nonce").asText());
  }

  @Test
  void serverKeepsServingAfterErrors() {
    rpc(SERVER.uri(), "{");
    rpc(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"test_fail\"}");
    assertEquals("ok", rpc(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\"ok\"]}").get("result").asText());
  }
}
