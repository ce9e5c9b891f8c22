package org.mercato.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mercato.rpc.testing.EthTestNode.CHAIN_ID;
import static org.mercato.rpc.testing.EthTestNode.GWEI;
import static org.mercato.rpc.testing.EthTestNode.address;
import static org.mercato.rpc.testing.EthTestNode.addGas;
import static org.mercato.rpc.testing.EthTestNode.counterAdd;
import static org.mercato.rpc.testing.EthTestNode.sign;
import static org.mercato.rpc.testing.EthTestNode.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.testing.EthTestNode;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Wei;

/**
 * eth_gasPrice, eth_maxPriorityFeePerGas and eth_feeHistory. Chain: block 1 = [add(5) tipping 3 gwei
 * (27204 gas), a transfer tipping 1 gwei, a legacy transfer priced base fee + 2 gwei]; block 2 empty;
 * block 3 = one transfer tipping 1 gwei.
 */
class EthFeesTest {
  private static final long ADD_GAS = addGas(5);
  private static EthTestNode node;

  @BeforeAll
  static void build() {
    node = new EthTestNode();
    assertEquals("0x6fc23ac0", node.result("eth_gasPrice").asText(), "at genesis: 0.875 gwei next base fee + 1 gwei");
    Wei base1 = node.chain().nextBaseFee();
    node.mine(counterAdd(1, 0, 5, GWEI.multiply(3)),
        transfer(0, 0, address(5), Wei.ONE_COIN),
        sign(2, UnsignedTransaction.legacy(CHAIN_ID, 0, base1.add(GWEI.multiply(2)), 21_000, address(5), Wei.ONE_COIN, Bytes.EMPTY)));
    node.mine();
    node.mine(transfer(3, 0, address(5), Wei.ONE_COIN));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String baseFee(long n) {
    return node.chain().store().header(n).orElseThrow().baseFee().toHexQuantity();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void gasPriceIsNextBaseFeePlusOneGwei() {
    assertEquals(node.chain().nextBaseFee().add(GWEI).toHexQuantity(), node.result("eth_gasPrice").asText());
    assertEquals("0x3b9aca00", node.result("eth_maxPriorityFeePerGas").asText());
  }

  @Test
  void baseFeesAndRatios() {
    JsonNode h = node.result("eth_feeHistory", "0x3", "latest", EthTestNode.json("[]"));
    assertEquals("0x1", h.get("oldestBlock").asText());
    assertEquals(List.of(baseFee(1), baseFee(2), baseFee(3), node.chain().nextBaseFee().toHexQuantity()),
        texts(h.get("baseFeePerGas")), "count + 1 entries, the last the next block's");
    JsonNode ratios = h.get("gasUsedRatio");
    assertEquals(3, ratios.size());
    assertEquals((42_000.0 + ADD_GAS) / EthTestNode.GAS_LIMIT, ratios.get(0).asDouble(), 1e-12);
    assertEquals(0.0, ratios.get(1).asDouble());
    assertEquals(21_000.0 / EthTestNode.GAS_LIMIT, ratios.get(2).asDouble(), 1e-12);
  }

  @Test
  void rewardPercentilesAreWeightedByGas() {
    // block 1 sorted by tip: 1 gwei (21000 gas), 2 gwei (21000), 3 gwei (27204); total 69204.
    // A percentile picks the first tx whose cumulative gas reaches percentile * 69204.
    JsonNode h = node.result("eth_feeHistory", "0x3", "latest", EthTestNode.json("[0, 25, 30, 31, 50, 60, 61, 75, 100]"));
    String g1 = GWEI.toHexQuantity();
    String g2 = GWEI.multiply(2).toHexQuantity();
    String g3 = GWEI.multiply(3).toHexQuantity();
    JsonNode reward = h.get("reward");
    assertEquals(3, reward.size());
    assertEquals(List.of(g1, g1, g1, g2, g2, g2, g3, g3, g3), texts(reward.get(0)));
    assertEquals(List.of("0x0", "0x0", "0x0", "0x0", "0x0", "0x0", "0x0", "0x0", "0x0"), texts(reward.get(1)), "empty block");
    assertEquals(List.of(g1, g1, g1, g1, g1, g1, g1, g1, g1), texts(reward.get(2)));
    // fractional percentiles
    JsonNode f = node.result("eth_feeHistory", "0x1", "0x1", EthTestNode.json("[30.3, 30.4, 60.6, 60.7]"));
    // 30.3% = 20968.8 < 21000 -> 1 gwei; 30.4% = 21038 -> 2 gwei; 60.6% = 41937 -> 2 gwei; 60.7% = 42006 -> 3 gwei
    assertEquals(List.of(g1, g2, g2, g3), texts(f.get("reward").get(0)));
  }

  @Test
  void blockCountAsNumberOrHex() {
    JsonNode hex = node.result("eth_feeHistory", "0x2", "latest", EthTestNode.json("[50]"));
    assertEquals(hex, node.result("eth_feeHistory", 2, "latest", EthTestNode.json("[50]")));
    assertEquals("0x2", hex.get("oldestBlock").asText());
    assertEquals(3, hex.get("baseFeePerGas").size());
  }

  @Test
  void newestTagsAndClamping() {
    JsonNode latest = node.result("eth_feeHistory", "0x2", "latest", EthTestNode.json("[50]"));
    for (String tag : List.of("pending", "safe", "finalized", "0x3")) {
      assertEquals(latest, node.result("eth_feeHistory", "0x2", tag, EthTestNode.json("[50]")), tag);
    }
    JsonNode one = node.result("eth_feeHistory", "0x1", "0x1");
    assertEquals("0x1", one.get("oldestBlock").asText());
    assertEquals(List.of(baseFee(1), baseFee(2)), texts(one.get("baseFeePerGas")), "the next entry is block 2's base fee");
    assertFalse(one.has("reward"), "no percentiles, no reward");
    // more blocks than exist: from genesis
    JsonNode all = node.result("eth_feeHistory", "0x400", "latest");
    assertEquals("0x0", all.get("oldestBlock").asText());
    assertEquals(5, all.get("baseFeePerGas").size());
    assertEquals(EthTestNode.INITIAL_BASE_FEE.toHexQuantity(), all.get("baseFeePerGas").get(0).asText());
    JsonNode genesis = node.result("eth_feeHistory", "0x5", "earliest", EthTestNode.json("[10]"));
    assertEquals(List.of(baseFee(0), baseFee(1)), texts(genesis.get("baseFeePerGas")));
    assertEquals(List.of("0x0"), texts(genesis.get("reward").get(0)));
  }

  @Test
  void bounds() {
    for (Object count : List.of("0x0", 0, 1025, "0x401", -1)) {
      JsonNode e = node.error("eth_feeHistory", count, "latest", EthTestNode.json("[]"));
      assertEquals(-32602, e.get("code").asInt(), String.valueOf(count));
    }
    JsonNode e = node.error("eth_feeHistory", true, "latest");
    assertEquals("invalid argument 0: block count must be a number or hex quantity", e.get("message").asText());
    e = node.error("eth_feeHistory", "0x1", "0x4");
    assertEquals(-32000, e.get("code").asInt());
    assertEquals("header not found", e.get("message").asText());
    List<Integer> tooMany = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      tooMany.add(Math.min(i, 100));
    }
    assertEquals(-32602, node.error("eth_feeHistory", "0x1", "latest", tooMany).get("code").asInt());
    assertEquals(-32602, node.error("eth_feeHistory", "0x1", "latest", EthTestNode.json("[-1]")).get("code").asInt());
    assertEquals(-32602, node.error("eth_feeHistory", "0x1", "latest", EthTestNode.json("[\"50\"]")).get("code").asInt());
  }
}
