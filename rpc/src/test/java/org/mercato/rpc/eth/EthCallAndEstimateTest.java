package org.mercato.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.rpc.testing.EthTestNode.CHAIN_ID;
import static org.mercato.rpc.testing.EthTestNode.GWEI;
import static org.mercato.rpc.testing.EthTestNode.address;
import static org.mercato.rpc.testing.EthTestNode.addGas;
import static org.mercato.rpc.testing.EthTestNode.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.rpc.jsonrpc.RpcJson;
import org.mercato.rpc.testing.EthTestNode;
import org.mercato.state.exec.AbiErrors;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/** eth_call and eth_estimateGas over HTTP on {@link EthTestNode#mineStandardChain()} (counter total 12). */
class EthCallAndEstimateTest {
  private static EthTestNode node;

  @BeforeAll
  static void build() {
    node = new EthTestNode();
    node.mineStandardChain();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static ObjectNode call(Address from, Address to, Bytes data) {
    ObjectNode o = RpcJson.mapper().createObjectNode();
    if (from != null) {
      o.put("from", from.toHex());
    }
    if (to != null) {
      o.put("to", to.toHex());
    }
    o.put("data", data.toHexString());
    return o;
  }

  private static long estimate(ObjectNode call) {
    return Quantity.decodeLong(node.result("eth_estimateGas", call).asText());
  }

  @Test
  void estimatesAreExactAndEnoughToMine() {
    assertEquals(21_000, estimate(call(address(0), address(1), Bytes.EMPTY)));
    // calldata: 4 per zero byte, 16 per non-zero byte
    assertEquals(21_000 + 3 * 4 + 2 * 16, estimate(call(address(0), address(1), Bytes.fromHexString("0x0000000102"))));
    for (long amount : new long[] {0, 1, 0x0101010101L}) {
      long est = estimate(call(address(0), CounterContract.ADDRESS, CounterContract.addCall(amount)));
      assertEquals(addGas(amount), est);
    }
    // add(0): selector (4 non-zero bytes) + 32 zero bytes + 6000 for the call and its write
    assertEquals(21_000 + 4 * 16 + 32 * 4 + 6_000, addGas(0));

    // a transaction given exactly the estimate succeeds and uses it all
    try (EthTestNode fresh = new EthTestNode()) {
      ObjectNode c = call(address(3), CounterContract.ADDRESS, CounterContract.addCall(42));
      long est = Quantity.decodeLong(fresh.result("eth_estimateGas", c).asText());
      Transaction tx = sign(3, UnsignedTransaction.dynamicFee(CHAIN_ID, 0, GWEI, GWEI.multiply(100), est, CounterContract.ADDRESS,
          Wei.ZERO, CounterContract.addCall(42), List.of()));
      fresh.result("eth_sendRawTransaction", tx.encoded());
      fresh.mineFromPool();
      JsonNode receipt = fresh.result("eth_getTransactionReceipt", tx.hash());
      assertEquals("0x1", receipt.get("status").asText());
      assertEquals(Quantity.encode(est), receipt.get("gasUsed").asText());
    }
  }

  @Test
  void estimateFailures() {
    // insufficient funds only matter when a price is set: without one the call is free, as in geth
    ObjectNode unfunded = call(address(EthTestNode.UNFUNDED), address(1), Bytes.EMPTY);
    assertEquals(21_000, estimate(unfunded));
    unfunded.put("gasPrice", GWEI.toHexQuantity());
    JsonNode e = node.error("eth_estimateGas", unfunded);
    assertEquals(-32000, e.get("code").asInt());
    assertTrue(e.get("message").asText().startsWith("insufficient funds for gas * price + value"), e.toString());
    ObjectNode eip1559 = call(address(EthTestNode.UNFUNDED), address(1), Bytes.EMPTY);
    eip1559.put("maxFeePerGas", GWEI.toHexQuantity());
    assertTrue(node.error("eth_estimateGas", eip1559).get("message").asText().startsWith("insufficient funds"));
    ObjectNode tooMuchValue = call(address(0), address(1), Bytes.EMPTY);
    tooMuchValue.put("value", Wei.coins(5000).toHexQuantity());
    assertTrue(node.error("eth_estimateGas", tooMuchValue).get("message").asText().startsWith("insufficient funds"));

    e = node.error("eth_estimateGas", call(address(0), null, Bytes.fromHexString("0x6000")));
    assertEquals(-32000, e.get("code").asInt());
    assertEquals("contract creation is not supported: Mercato runs no EVM, its contracts are native", e.get("message").asText());

    ObjectNode lowGas = call(address(0), CounterContract.ADDRESS, CounterContract.addCall(1));
    lowGas.put("gas", "0x5208");
    e = node.error("eth_estimateGas", lowGas);
    assertEquals(-32000, e.get("code").asInt());
    assertTrue(e.get("message").asText().startsWith("intrinsic gas too low"), e.toString());

    e = node.error("eth_estimateGas", call(address(0), CounterContract.ADDRESS, CounterContract.FAIL));
    assertEquals(3, e.get("code").asInt());
  }

  @Test
  void estimateWithAPriceIsCappedByWhatTheSenderCanAffordAsInGeth() {
    // 1e14 wei/gas: 21000 gas cost 2.1 coins (affordable), the 30M block gas limit 3000 coins (not).
    // geth lowers the estimate's ceiling to balance / price instead of failing.
    ObjectNode priced = call(address(0), address(1), Bytes.EMPTY);
    priced.put("gasPrice", Quantity.encode(100_000_000_000_000L));
    assertEquals(21_000, estimate(priced));
    ObjectNode add = call(address(0), CounterContract.ADDRESS, CounterContract.addCall(1));
    add.put("maxFeePerGas", Quantity.encode(100_000_000_000_000L));
    assertEquals(addGas(1), estimate(add));
    // eth_call keeps geth's behaviour: the block gas limit at that price is not affordable
    JsonNode e = node.error("eth_call", priced);
    assertTrue(e.get("message").asText().startsWith("insufficient funds for gas * price + value"), e.toString());
  }

  @Test
  void callReadsStateAtTheRequestedBlock() {
    ObjectNode total = call(null, CounterContract.ADDRESS, CounterContract.TOTAL);
    assertEquals(UInt256.valueOf(12).toHexString(), node.result("eth_call", total, "latest").asText());
    assertEquals(UInt256.valueOf(12).toHexString(), node.result("eth_call", total).asText());
    assertEquals(UInt256.valueOf(5).toHexString(), node.result("eth_call", total,
        EthTestNode.json("{\"blockHash\":\"" + node.chain().store().canonicalHash(1).orElseThrow().toHex() + "\"}")).asText());
    // a call that writes leaves no trace
    assertEquals("0x", node.result("eth_call", call(address(0), CounterContract.ADDRESS, CounterContract.addCall(100))).asText());
    assertEquals(UInt256.valueOf(12).toHexString(), node.result("eth_call", total, "latest").asText());
  }

  @Test
  void revertCarriesTheReasonAndTheAbiPayload() {
    JsonNode e = node.error("eth_call", call(address(0), CounterContract.ADDRESS, CounterContract.FAIL), "latest");
    assertEquals(3, e.get("code").asInt());
    assertEquals("execution reverted: failed on purpose", e.get("message").asText());
    Bytes data = Bytes.fromHexString(e.get("data").asText());
    assertEquals(AbiErrors.ERROR_SELECTOR, data.slice(0, 4));
    assertEquals("failed on purpose", AbiErrors.decodeError(data).orElseThrow());
    // an unknown selector reverts with the contract's reason
    e = node.error("eth_call", call(null, CounterContract.ADDRESS, Bytes.fromHexString("0xdeadbeef")));
    assertEquals("execution reverted: unknown function selector 0xdeadbeef", e.get("message").asText());
  }

  @Test
  void badCallObjects() {
    JsonNode e = node.error("eth_call", "0x1234");
    assertEquals(-32602, e.get("code").asInt());
    assertEquals("invalid argument 0: expected a transaction call object", e.get("message").asText());
    e = node.error("eth_call", EthTestNode.json("{\"to\":\"" + CounterContract.ADDRESS.toHex() + "\",\"data\":\"0x01\",\"input\":\"0x02\"}"));
    assertEquals("invalid argument 0: both \"data\" and \"input\" are set and not equal", e.get("message").asText());
    e = node.error("eth_call", EthTestNode.json("{\"to\":\"" + CounterContract.ADDRESS.toHex() + "\",\"gas\":21000}"));
    assertEquals("invalid argument 0: field \"gas\" must be a hex string", e.get("message").asText());
    e = node.error("eth_estimateGas", EthTestNode.json("{\"to\":\"0x12\"}"));
    assertEquals(-32602, e.get("code").asInt());
  }
}
