package org.mercato.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.rpc.testing.EthTestNode.BALANCE;
import static org.mercato.rpc.testing.EthTestNode.GWEI;
import static org.mercato.rpc.testing.EthTestNode.address;
import static org.mercato.rpc.testing.EthTestNode.addGas;
import static org.mercato.rpc.testing.EthTestNode.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.jsonrpc.RpcJson;
import org.mercato.rpc.testing.EthTestNode;
import org.mercato.state.exec.SupplyLedger;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * Account state over HTTP on {@link EthTestNode#mineStandardChain()}, with values computed from the
 * fee rules: balances after fees at every form of block parameter, nonces (pending from the pool),
 * the proposer's tips, the supply ledger's books, and a batch mixing methods.
 */
class EthStateQueriesTest {
  private static EthTestNode node;
  private static Hash genesis;
  private static Hash block1;
  private static Hash block2;

  @BeforeAll
  static void build() {
    node = new EthTestNode();
    node.mineStandardChain();
    genesis = node.chain().store().canonicalHash(0).orElseThrow();
    block1 = node.chain().store().canonicalHash(1).orElseThrow();
    block2 = node.chain().store().canonicalHash(2).orElseThrow();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Wei baseFee(long block) {
    return node.chain().store().header(block).orElseThrow().baseFee();
  }

  private static String balance(Address a, Object block) {
    return node.result("eth_getBalance", a, block).asText();
  }

  @Test
  void blockNumberFollowsTheHead() {
    assertEquals("0x3", node.result("eth_blockNumber").asText());
    try (EthTestNode fresh = new EthTestNode()) {
      assertEquals("0x0", fresh.result("eth_blockNumber").asText());
      fresh.mineEmpty(2);
      assertEquals("0x2", fresh.result("eth_blockNumber").asText());
    }
  }

  @Test
  void identity() {
    assertEquals(false, node.result("eth_syncing").asBoolean(true));
    assertEquals(0, node.result("eth_accounts").size());
    assertEquals("0x539", node.result("eth_chainId").asText());
  }

  @Test
  void balanceAfterFeesAtEveryBlockForm() {
    // block 1 charged account 0 for a transfer and add(5), both at base fee + 1 gwei
    assertEquals(Wei.of(875_000_000L), baseFee(1), "genesis used no gas: the base fee fell by 1/8");
    Wei paid = baseFee(1).add(GWEI).multiply(21_000 + addGas(5)).add(Wei.coins(1));
    String after = BALANCE.subtract(paid).toHexQuantity();
    String before = BALANCE.toHexQuantity();
    assertEquals(after, balance(address(0), "latest"));
    assertEquals(after, balance(address(0), "0x1"));
    assertEquals(before, balance(address(0), "0x0"));
    assertEquals(before, balance(address(0), "earliest"));
    // EIP-1898
    assertEquals(after, balance(address(0), EthTestNode.json("{\"blockHash\":\"" + block1.toHex() + "\"}")));
    assertEquals(after, balance(address(0), EthTestNode.json("{\"blockHash\":\"" + block1.toHex() + "\",\"requireCanonical\":true}")));
    assertEquals(before, balance(address(0), EthTestNode.json("{\"blockHash\":\"" + genesis.toHex() + "\",\"requireCanonical\":false}")));
    assertEquals(after, balance(address(0), EthTestNode.json("{\"blockNumber\":\"0x2\"}")));
    assertEquals(before, balance(address(0), genesis.toHex()), "a bare block hash, as geth accepts");
    // instant finality: safe and finalized are the head; pending reads the head's state
    for (String tag : List.of("safe", "finalized", "pending")) {
      assertEquals(after, balance(address(0), tag), tag);
    }
  }

  @Test
  void unknownBlocksAreHeaderNotFound() {
    for (Object block : List.of("0x4", "0xffffffff", EthTestNode.json("{\"blockNumber\":\"0x4\"}"),
        EthTestNode.json("{\"blockHash\":\"" + Hash.ZERO.toHex() + "\",\"requireCanonical\":true}"))) {
      JsonNode e = node.error("eth_getBalance", address(0), block);
      assertEquals(-32000, e.get("code").asInt());
      assertEquals("header not found", e.get("message").asText());
    }
  }

  @Test
  void proposerReceivesTheTipsAndTheLedgerRecordsTheBurn() {
    Wei tips = GWEI.multiply(21_000 + addGas(5) + addGas(7));
    assertEquals(tips.toHexQuantity(), balance(EthTestNode.PROPOSER, "latest"));
    assertEquals(GWEI.multiply(21_000 + addGas(5)).toHexQuantity(), balance(EthTestNode.PROPOSER, "0x1"));
    Wei burned = baseFee(1).multiply(21_000 + addGas(5)).add(baseFee(2).multiply(addGas(7)));
    assertEquals(UInt256.valueOf(burned.value()).toHexString(),
        node.result("eth_getStorageAt", SupplyLedger.ADDRESS, "0x1", "latest").asText());
    // conservation, read through RPC: balances + burned = genesis supply
    Wei sum = Wei.ZERO;
    for (int i = 0; i < EthTestNode.FUNDED; i++) {
      sum = sum.add(Wei.fromBytes(org.apache.tuweni.bytes.Bytes.fromHexString(balance(address(i), "latest"))));
    }
    sum = sum.add(tips);
    Wei genesisSupply = new Wei(UInt256.fromHexString(
        node.result("eth_getStorageAt", SupplyLedger.ADDRESS, "0x0", "latest").asText()).toBigInteger());
    assertEquals(BALANCE.multiply(EthTestNode.FUNDED), genesisSupply);
    assertEquals(genesisSupply, sum.add(burned));
  }

  @Test
  void storageFollowsTheBlocks() {
    String[] totals = {"0x0", "0x5", "0xc", "0xc"};
    for (int n = 0; n < 4; n++) {
      JsonNode slot = node.result("eth_getStorageAt", CounterContract.ADDRESS, "0x0", "0x" + n);
      assertEquals(UInt256.fromHexString(totals[n]).toHexString(), slot.asText(), "block " + n);
    }
    assertEquals(UInt256.ZERO.toHexString(), node.result("eth_getStorageAt", CounterContract.ADDRESS, "0x1", "latest").asText());
    assertEquals("0xfe", node.result("eth_getCode", CounterContract.ADDRESS, EthTestNode.json(
        "{\"blockHash\":\"" + block2.toHex() + "\"}")).asText());
    assertEquals("0x", node.result("eth_getCode", address(0), "latest").asText());
  }

  @Test
  void pendingNonceCountsExecutablePoolTransactions() {
    try (EthTestNode fresh = new EthTestNode()) {
      Address a = address(3);
      for (long nonce : new long[] {0, 1, 3}) {
        fresh.result("eth_sendRawTransaction", transfer(3, nonce, address(4), Wei.ONE_COIN).encoded());
      }
      assertEquals("0x2", fresh.result("eth_getTransactionCount", a, "pending").asText(), "nonce 3 waits behind a gap");
      assertEquals("0x0", fresh.result("eth_getTransactionCount", a, "latest").asText());
      fresh.result("eth_sendRawTransaction", transfer(3, 2, address(4), Wei.ONE_COIN).encoded());
      assertEquals("0x4", fresh.result("eth_getTransactionCount", a, "pending").asText(), "the gap is filled");
      assertEquals("0x0", fresh.result("eth_getTransactionCount", address(2), "pending").asText());
      fresh.mineFromPool();
      assertEquals("0x4", fresh.result("eth_getTransactionCount", a, "latest").asText());
      assertEquals("0x4", fresh.result("eth_getTransactionCount", a, "pending").asText());
      assertEquals("0x0", fresh.result("eth_getTransactionCount", a, "0x0").asText());
      assertEquals("0x4", fresh.result("eth_getTransactionCount", a,
          EthTestNode.json("{\"blockHash\":\"" + fresh.chain().headHash().toHex() + "\",\"requireCanonical\":true}")).asText());
    }
  }

  @Test
  void batchOverHttpMatchesSingleCalls() {
    Transaction pending = transfer(4, 0, address(1), Wei.ONE_COIN);
    Object[][] calls = {
        {"eth_blockNumber"},
        {"eth_getBalance", address(0), "0x1"},
        {"eth_getTransactionCount", address(0), "latest"},
        {"eth_getStorageAt", CounterContract.ADDRESS, "0x0", "latest"},
        {"eth_getBlockByNumber", "0x1", true},
        {"eth_getLogs", EthTestNode.json("{\"fromBlock\":\"earliest\"}")},
        {"eth_getBalance", address(0), "0x9"},
        {"eth_call", EthTestNode.json("{\"to\":\"" + CounterContract.ADDRESS.toHex() + "\",\"data\":\"" + CounterContract.TOTAL
            + "\"}")},
        {"eth_feeHistory", "0x2", "latest", EthTestNode.json("[50]")},
        {"eth_gasPrice"},
    };
    ArrayNode batch = RpcJson.mapper().createArrayNode();
    Map<Long, JsonNode> expected = new HashMap<>();
    for (Object[] c : calls) {
      Object[] params = java.util.Arrays.copyOfRange(c, 1, c.length);
      JsonNode single = node.call((String) c[0], params);
      JsonNode req = node.request((String) c[0], params);
      batch.add(req);
      expected.put(req.get("id").asLong(), single);
    }
    batch.add(node.request("eth_sendRawTransaction", pending.encoded()));
    JsonNode responses = node.post(batch);
    assertEquals(calls.length + 1, responses.size());
    for (int i = 0; i < calls.length; i++) {
      JsonNode r = responses.get(i);
      JsonNode single = expected.get(r.get("id").asLong());
      assertEquals(single.get("result"), r.get("result"), String.valueOf(calls[i][0]));
      assertEquals(single.get("error"), r.get("error"), String.valueOf(calls[i][0]));
    }
    assertEquals("header not found", responses.get(6).get("error").get("message").asText());
    assertEquals(pending.hash().toHex(), responses.get(calls.length).get("result").asText());
    assertEquals("0x1", node.result("eth_getTransactionCount", address(4), "pending").asText());
    assertNotEquals(0, responses.get(5).get("result").size());
    assertTrue(node.pool().get(pending.hash()).isPresent());
  }
}
