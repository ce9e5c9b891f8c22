package org.mercato.rpc.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.methods.NetListening;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/** Encoders, the registry's wiring checks, and the value-type JSON serializers. */
class CodecsAndRegistryTest {

  @Test
  void quantityEncoding() {
    assertEquals("0x0", Quantity.encode(0));
    assertEquals("0x1b4", Quantity.encode(436));
    assertEquals("0x7fffffffffffffff", Quantity.encode(Long.MAX_VALUE));
    assertEquals("0x10000000000000000", Quantity.encode(BigInteger.ONE.shiftLeft(64)));
    assertEquals("0x0", Quantity.encode(BigInteger.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Quantity.encode(-1));
    assertThrows(IllegalArgumentException.class, () -> Quantity.encode(BigInteger.valueOf(-1)));
  }

  @Test
  void quantityDecodingRoundTrips() {
    for (long v : new long[] {0, 1, 15, 16, 255, 436, Long.MAX_VALUE}) {
      assertEquals(v, Quantity.decodeLong(Quantity.encode(v)));
    }
    assertEquals(1, Quantity.decodeLong("0x00000000000000000000001"));
    BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    assertEquals(max, Quantity.decodeBig(Quantity.encode(max)));
  }

  @Test
  void dataEncoding() {
    assertEquals("0x", Data.encode(Bytes.EMPTY));
    assertEquals("0x00ff", Data.encode(new byte[] {0, (byte) 0xff}));
    assertArrayEquals(new byte[] {0x12, (byte) 0xab}, Data.decode("0x12AB").toArrayUnsafe());
  }

  @Test
  void valueTypesSerializeAsEthereumJson() throws Exception {
    Map<String, Object> value = Map.of(
        "a", Address.fromHex("0x00000000000000000000000000000000000000AA"),
        "h", Hash.EMPTY_TRIE_ROOT,
        "w", Wei.of(1_000_000_000L),
        "b", Bytes.of(1, 2));
    String json = RpcJson.mapper().writeValueAsString(new java.util.TreeMap<>(value));
    assertEquals("{\"a\":\"0x00000000000000000000000000000000000000aa\","
        + "\"b\":\"0x0102\","
        + "\"h\":\"0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421\","
        + "\"w\":\"0x3b9aca00\"}", json);
  }

  @Test
  void registryRejectsDuplicateNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MethodRegistry(List.of(new NetListening(), new NetListening())));
    assertTrue(e.getMessage().contains("duplicate JSON-RPC method net_listening"), e.getMessage());
    assertEquals(List.of("net_listening"), MethodRegistry.of(new NetListening()).names());
  }

  @Test
  void processorWorksWithoutATransport() {
    JsonRpcProcessor processor = new JsonRpcProcessor(MethodRegistry.of(new NetListening()));
    byte[] out = processor.process("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":true}", new String(out, StandardCharsets.UTF_8));
    assertNull(processor.process("{\"jsonrpc\":\"2.0\",\"method\":\"net_listening\"}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class, () -> new JsonRpcProcessor(MethodRegistry.of(), 0));
  }

  @Test
  void paramsBuiltInCode() throws Exception {
    JsonRpcParams params = JsonRpcParams.of("0x10", null, true);
    assertEquals(16, params.quantityLong(0));
    assertTrue(params.optional(1).isEmpty());
    assertTrue(params.optional(2, params::bool).orElseThrow());
    assertTrue(params.optional(5, params::bool).isEmpty());
    JsonRpcException e = assertThrows(JsonRpcException.class, () -> params.address(1));
    assertEquals(JsonRpcErrors.INVALID_PARAMS, e.code());
  }
}
