package org.mercato.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mercato.rpc.testing.RpcTestSupport.json;
import static org.mercato.rpc.testing.RpcTestSupport.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mercato.rpc.testing.RunningRpcServer;

/** Every typed parameter accessor, accepted and refused values, over a real HTTP socket. */
class ParamsOverHttpTest {
  private static final String ADDR = "0x00000000000000000000000000000000000000aa";
  private static final String HASH = "0x00000000000000000000000000000000000000000000000000000000000000ff";
  @RegisterExtension static final RunningRpcServer SERVER = new RunningRpcServer();

  private static JsonNode call(String method, String params) {
    return rpc(SERVER.uri(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "test_address  | [\"0x00000000000000000000000000000000000000AA\"] | \"" + ADDR + "\"",
      "test_hash     | [\"" + HASH + "\"]                              | \"" + HASH + "\"",
      "test_quantity | [\"0x0\"]                                       | \"0x0\"",
      "test_quantity | [\"0x1b4\"]                                     | \"0x1b4\"",
      "test_quantity | [\"0x01\"]                                      | \"0x1\"",
      "test_quantity | [\"0X7fffffffffffffff\"]                        | \"0x7fffffffffffffff\"",
      "test_big      | [\"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"] | \"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"",
      "test_data     | [\"0x\"]                                        | \"0x\"",
      "test_data     | [\"0xDEADbeef\"]                                | \"0xdeadbeef\"",
      "test_bool     | [true]                                          | true",
      "test_string   | [\"hi\"]                                        | \"hi\"",
      "test_object   | [{\"fromBlock\":\"0x1\",\"topics\":[\"0xa\"]}]  | {\"fromBlock\":\"0x1\",\"topics\":[\"0xa\"]}",
      "test_block    | [\"latest\"]                                    | \"latest\"",
      "test_block    | [\"earliest\"]                                  | \"earliest\"",
      "test_block    | [\"pending\"]                                   | \"pending\"",
      "test_block    | [\"safe\"]                                      | \"safe\"",
      "test_block    | [\"finalized\"]                                 | \"finalized\"",
      "test_block    | [\"0x10\"]                                      | \"number 16\"",
      "test_block    | [{\"blockNumber\":\"0x10\"}]                    | \"number 16\"",
      "test_block    | [{\"blockHash\":\"" + HASH + "\"}]              | \"hash " + HASH + "\"",
      "test_block    | [{\"blockHash\":\"" + HASH + "\",\"requireCanonical\":true}] | \"hash " + HASH + " canonical\"",
      "test_block    | [\"" + HASH + "\"]                              | \"hash " + HASH + "\"",
      "test_optional_block | [\"x\"]                                   | \"latest\"",
      "test_optional_block | [\"x\", null]                             | \"latest\"",
      "test_optional_block | [\"x\", \"0x2\"]                          | \"number 2\"",
  })
  void accepted(String method, String params, String result) {
    JsonNode response = call(method, params);
    assertEquals(json(result), response.get("result"), response.toString());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
      "test_address  ; []                          ; missing value for required argument 0",
      "test_address  ; [null]                      ; missing value for required argument 0",
      "test_address  ; [\"0x00aa\"]                ; invalid argument 0: address must be 20 bytes (40 hex digits), got 2 bytes",
      "test_address  ; [\"00000000000000000000000000000000000000aa\"] ; invalid argument 0: hex string \"00000000000000000000000000000000000000aa\" without 0x prefix",
      "test_address  ; [\"0x00000000000000000000000000000000000000zz\"] ; invalid argument 0: invalid hex digit 'z' at position 40",
      "test_address  ; [12]                        ; invalid argument 0: expected a 0x-prefixed 20-byte address, got number 12",
      "test_hash     ; [\"0x00\"]                  ; invalid argument 0: hash must be 32 bytes (64 hex digits), got 1 bytes",
      "test_quantity ; [\"1b4\"]                   ; invalid argument 0: hex string \"1b4\" without 0x prefix",
      "test_quantity ; [\"0x\"]                    ; invalid argument 0: empty hex number \"0x\"",
      "test_quantity ; [\"0xg\"]                   ; invalid argument 0: invalid hex digit 'g' in \"0xg\"",
      "test_quantity ; [\"-0x1\"]                  ; invalid argument 0: hex string \"-0x1\" without 0x prefix",
      "test_quantity ; [\"0x8000000000000000\"]    ; invalid argument 0: hex number \"0x8000000000000000\" exceeds 2^63-1",
      "test_quantity ; [436]                       ; invalid argument 0: expected a 0x-prefixed hex quantity, got number 436",
      "test_big      ; [\"0x10000000000000000000000000000000000000000000000000000000000000000\"] ; invalid argument 0: hex number \"0x10000000000000000000000000000000000000000000000000000000000000000\" exceeds 256 bits",
      "test_data     ; [\"0xabc\"]                 ; invalid argument 0: hex string of odd length (3 digits)",
      "test_data     ; [\"abcd\"]                  ; invalid argument 0: hex string \"abcd\" without 0x prefix",
      "test_data     ; [{}]                        ; invalid argument 0: expected 0x-prefixed hex data, got object {}",
      "test_bool     ; [\"true\"]                  ; invalid argument 0: expected a boolean, got string \"true\"",
      "test_string   ; [1]                         ; invalid argument 0: expected a string, got number 1",
      "test_object   ; [[]]                        ; invalid argument 0: expected an object, got array []",
      "test_block    ; [\"newest\"]                ; invalid argument 0: block must be \"latest\", \"earliest\", \"pending\", \"safe\", \"finalized\", a hex block number or {\"blockHash\"|\"blockNumber\"}, got \"newest\"",
      "test_block    ; [16]                        ; invalid argument 0: block must be \"latest\", \"earliest\", \"pending\", \"safe\", \"finalized\", a hex block number or {\"blockHash\"|\"blockNumber\"}, got number 16",
      "test_block    ; [\"0xzz\"]                  ; invalid argument 0: invalid hex digit 'z' in \"0xzz\"",
      "test_block    ; [{}]                        ; invalid argument 0: block object must have blockHash or blockNumber",
      "test_block    ; [{\"blockHash\":\"" + HASH + "\",\"blockNumber\":\"0x1\"}] ; invalid argument 0: cannot specify both blockHash and blockNumber, choose one or the other",
      "test_block    ; [{\"blockHash\":\"0x12\"}]  ; invalid argument 0: blockHash must be 32 bytes (64 hex digits), got 1 bytes",
      "test_block    ; [{\"blockHash\":\"" + HASH + "\",\"requireCanonical\":\"yes\"}] ; invalid argument 0: requireCanonical must be a boolean",
      "test_optional_block ; [\"x\", \"0x1\", 3]                       ; too many arguments, want at most 2",
      "test_optional_block ; [\"x\", \"soon\"]                         ; invalid argument 1: block must be \"latest\", \"earliest\", \"pending\", \"safe\", \"finalized\", a hex block number or {\"blockHash\"|\"blockNumber\"}, got \"soon\"",
  })
  void refused(String method, String params, String message) {
    JsonNode response = call(method, params);
    assertEquals(-32602, response.path("error").path("code").asInt(), response.toString());
    assertEquals(message, response.path("error").path("message").asText());
  }

  @org.junit.jupiter.api.Test
  void objectBindingErrorNamesTheArgument() {
    JsonNode response = call("test_object", "[{\"topics\":\"notalist\"}]");
    assertEquals(-32602, response.path("error").path("code").asInt(), response.toString());
    String message = response.path("error").path("message").asText();
    assertEquals(true, message.startsWith("invalid argument 0: "), message);
  }
}
