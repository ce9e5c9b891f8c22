package org.mercato.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.rpc.testing.EthTestNode.CHAIN_ID;
import static org.mercato.rpc.testing.EthTestNode.GWEI;
import static org.mercato.rpc.testing.EthTestNode.address;
import static org.mercato.rpc.testing.EthTestNode.addGas;
import static org.mercato.rpc.testing.EthTestNode.counterAdd;
import static org.mercato.rpc.testing.EthTestNode.sign;
import static org.mercato.rpc.testing.EthTestNode.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.rpc.testing.EthTestNode;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.LogsBloom;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.exec.AbiErrors;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.tx.AccessListEntry;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * eth_getTransactionByHash, eth_getTransactionReceipt, eth_getBlockBy* and the transaction counts on
 * one chain:
 * block 1 = [legacy add(3) from 0, type-1 add(4) with an access list from 1, type-2 transfer from 2,
 * type-2 add(10) from 3]; block 2 = [fail() from 4, reverting]; plus one pending type-2 transfer
 * from 0 in the pool.
 */
class EthTransactionsAndBlocksTest {
  private static final Wei LEGACY_PRICE = GWEI.multiply(5);
  private static final List<AccessListEntry> ACCESS_LIST =
      List.of(new AccessListEntry(CounterContract.ADDRESS, List.of(Bytes32.ZERO)));
  private static final long FAIL_GAS_LIMIT = 100_000;

  private static EthTestNode node;
  private static Transaction legacy;
  private static Transaction accessList;
  private static Transaction dynamicTransfer;
  private static Transaction dynamicAdd;
  private static Transaction failing;
  private static Transaction pending;
  private static ExecutedBlock block1;
  private static ExecutedBlock block2;

  @BeforeAll
  static void build() {
    node = new EthTestNode();
    legacy = sign(0, UnsignedTransaction.legacy(CHAIN_ID, 0, LEGACY_PRICE, addGas(3), CounterContract.ADDRESS, Wei.ZERO,
        CounterContract.addCall(3)));
    accessList = sign(1, UnsignedTransaction.accessList(CHAIN_ID, 0, LEGACY_PRICE, accessListAddGas(), CounterContract.ADDRESS,
        Wei.ZERO, CounterContract.addCall(4), ACCESS_LIST));
    dynamicTransfer = transfer(2, 0, address(5), Wei.coins(2));
    dynamicAdd = counterAdd(3, 0, 10, GWEI.multiply(2));
    block1 = node.mine(legacy, accessList, dynamicTransfer, dynamicAdd);
    failing = sign(4, UnsignedTransaction.dynamicFee(CHAIN_ID, 0, GWEI, GWEI.multiply(100), FAIL_GAS_LIMIT,
        CounterContract.ADDRESS, Wei.ZERO, Bytes.concatenate(CounterContract.FAIL, AbiErrors.encodeError("x").slice(4)), List.of()));
    block2 = node.mine(failing);
    pending = transfer(0, 1, address(6), Wei.ONE_COIN);
    node.result("eth_sendRawTransaction", pending.encoded());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static long accessListAddGas() {
    return IntrinsicGas.of(CounterContract.addCall(4), ACCESS_LIST) + CounterContract.CALL_GAS + CounterContract.WRITE_GAS;
  }

  private static String q(long v) {
    return Quantity.encode(v);
  }

  private static String q(BigInteger v) {
    return Quantity.encode(v);
  }

  private static Wei base(ExecutedBlock b) {
    return b.block().header().baseFee();
  }

  /** Fields every transaction object has, committed or pending. */
  private static void assertCommonFields(Transaction tx, JsonNode j) {
    assertEquals(tx.hash().toHex(), j.get("hash").asText());
    assertEquals(tx.sender().toHex(), j.get("from").asText());
    assertEquals(tx.to().orElseThrow().toHex(), j.get("to").asText());
    assertEquals(q(tx.nonce()), j.get("nonce").asText());
    assertEquals(q(tx.gasLimit()), j.get("gas").asText());
    assertEquals(tx.value().toHexQuantity(), j.get("value").asText());
    assertEquals(tx.data().toHexString(), j.get("input").asText());
    assertEquals("0x539", j.get("chainId").asText());
    assertEquals(q(tx.signature().r()), j.get("r").asText());
    assertEquals(q(tx.signature().s()), j.get("s").asText());
  }

  private static void assertMinedAt(JsonNode j, ExecutedBlock b, int index) {
    assertEquals(b.block().hash().toHex(), j.get("blockHash").asText());
    assertEquals(q(b.block().number()), j.get("blockNumber").asText());
    assertEquals(q(index), j.get("transactionIndex").asText());
  }

  @Test
  void legacyTransaction() {
    JsonNode j = node.result("eth_getTransactionByHash", legacy.hash());
    assertCommonFields(legacy, j);
    assertMinedAt(j, block1, 0);
    assertEquals("0x0", j.get("type").asText());
    assertEquals(LEGACY_PRICE.toHexQuantity(), j.get("gasPrice").asText());
    long v = Quantity.decodeLong(j.get("v").asText());
    assertTrue(v == CHAIN_ID * 2 + 35 || v == CHAIN_ID * 2 + 36, "EIP-155 v: " + v);
    assertEquals(CHAIN_ID * 2 + 35 + legacy.signature().recId(), v);
    assertFalse(j.has("yParity"));
    assertFalse(j.has("accessList"));
    assertFalse(j.has("maxFeePerGas"));
    assertFalse(j.has("maxPriorityFeePerGas"));
  }

  @Test
  void accessListTransaction() {
    JsonNode j = node.result("eth_getTransactionByHash", accessList.hash());
    assertCommonFields(accessList, j);
    assertMinedAt(j, block1, 1);
    assertEquals("0x1", j.get("type").asText());
    assertEquals(LEGACY_PRICE.toHexQuantity(), j.get("gasPrice").asText());
    assertEquals(EthTestNode.json("[{\"address\":\"0x000000000000000000000000000000000000c0de\",\"storageKeys\":"
        + "[\"0x0000000000000000000000000000000000000000000000000000000000000000\"]}]"), j.get("accessList"));
    assertEquals(q(accessList.signature().recId()), j.get("yParity").asText());
    assertEquals(j.get("yParity").asText(), j.get("v").asText());
    assertFalse(j.has("maxFeePerGas"));
  }

  @Test
  void dynamicFeeTransactionShowsTheEffectivePriceOnceMined() {
    JsonNode j = node.result("eth_getTransactionByHash", dynamicTransfer.hash());
    assertCommonFields(dynamicTransfer, j);
    assertMinedAt(j, block1, 2);
    assertEquals("0x2", j.get("type").asText());
    assertEquals(base(block1).add(GWEI).toHexQuantity(), j.get("gasPrice").asText());
    assertNotEquals(j.get("maxFeePerGas").asText(), j.get("gasPrice").asText());
    assertEquals(GWEI.multiply(100).toHexQuantity(), j.get("maxFeePerGas").asText());
    assertEquals(GWEI.toHexQuantity(), j.get("maxPriorityFeePerGas").asText());
    assertEquals(EthTestNode.json("[]"), j.get("accessList"));
    assertEquals(q(dynamicTransfer.signature().recId()), j.get("yParity").asText());
  }

  @Test
  void pendingTransactionComesFromThePoolWithoutBlockFields() {
    JsonNode j = node.result("eth_getTransactionByHash", pending.hash());
    assertCommonFields(pending, j);
    assertTrue(j.get("blockHash").isNull());
    assertTrue(j.get("blockNumber").isNull());
    assertTrue(j.get("transactionIndex").isNull());
    assertEquals(GWEI.multiply(100).toHexQuantity(), j.get("gasPrice").asText(), "pending: the fee cap, as geth");
    assertTrue(node.result("eth_getTransactionReceipt", pending.hash()).isNull(), "no receipt while pending");
  }

  @Test
  void receiptsOfBlockOne() {
    Transaction[] txs = {legacy, accessList, dynamicTransfer, dynamicAdd};
    long[] gas = {addGas(3), accessListAddGas(), 21_000, addGas(10)};
    Wei[] prices = {LEGACY_PRICE, LEGACY_PRICE, base(block1).add(GWEI), base(block1).add(GWEI.multiply(2))};
    long cumulative = 0;
    int logIndex = 0;
    long[] totals = {3, 7, -1, 17};
    for (int i = 0; i < txs.length; i++) {
      JsonNode r = node.result("eth_getTransactionReceipt", txs[i].hash());
      cumulative += gas[i];
      assertEquals(txs[i].hash().toHex(), r.get("transactionHash").asText());
      assertEquals(q(i), r.get("transactionIndex").asText());
      assertEquals(block1.block().hash().toHex(), r.get("blockHash").asText());
      assertEquals("0x1", r.get("blockNumber").asText());
      assertEquals(txs[i].sender().toHex(), r.get("from").asText());
      assertEquals(txs[i].to().orElseThrow().toHex(), r.get("to").asText());
      assertEquals("0x1", r.get("status").asText());
      assertEquals(q(gas[i]), r.get("gasUsed").asText(), "gasUsed of tx " + i);
      assertEquals(q(cumulative), r.get("cumulativeGasUsed").asText());
      assertEquals(prices[i].toHexQuantity(), r.get("effectiveGasPrice").asText());
      assertEquals(q(txs[i].type().rpcType()), r.get("type").asText());
      assertTrue(r.get("contractAddress").isNull());
      Bytes bloom = Bytes.fromHexString(r.get("logsBloom").asText());
      assertEquals(256, bloom.size());
      JsonNode logs = r.get("logs");
      if (totals[i] < 0) {
        assertEquals(0, logs.size());
        assertEquals(LogsBloom.EMPTY, bloom);
        continue;
      }
      assertEquals(1, logs.size());
      JsonNode log = logs.get(0);
      assertEquals(q(logIndex++), log.get("logIndex").asText(), "block-wide log index of tx " + i);
      assertEquals(CounterContract.ADDRESS.toHex(), log.get("address").asText());
      assertEquals(CounterContract.ADDED_TOPIC.toHexString(), log.get("topics").get(0).asText());
      assertEquals(Bytes32.leftPad(txs[i].sender().bytes()).toHexString(), log.get("topics").get(1).asText());
      assertEquals(UInt256.valueOf(totals[i]).toHexString(), log.get("data").asText());
      assertEquals(txs[i].hash().toHex(), log.get("transactionHash").asText());
      assertEquals(q(i), log.get("transactionIndex").asText());
      assertEquals(block1.block().hash().toHex(), log.get("blockHash").asText());
      assertEquals("0x1", log.get("blockNumber").asText());
      assertFalse(log.get("removed").asBoolean());
      assertTrue(LogsBloom.mightContain(bloom, CounterContract.ADDRESS.bytes()));
      assertTrue(LogsBloom.mightContain(bloom, CounterContract.ADDED_TOPIC));
    }
    assertEquals(block1.block().header().gasUsed(), cumulative);
  }

  @Test
  void revertedTransactionHasStatusZeroAndPaysOnlyTheGasItUsed() {
    JsonNode r = node.result("eth_getTransactionReceipt", failing.hash());
    assertEquals("0x0", r.get("status").asText());
    long used = IntrinsicGas.of(failing) + CounterContract.CALL_GAS + CounterContract.WRITE_GAS;
    assertEquals(q(used), r.get("gasUsed").asText());
    assertEquals(0, r.get("logs").size());
    assertEquals(LogsBloom.EMPTY.toHexString(), r.get("logsBloom").asText());
    Wei price = base(block2).add(GWEI);
    assertEquals(price.toHexQuantity(), r.get("effectiveGasPrice").asText());
    // the sender paid gasUsed * price, not the gas limit
    assertEquals(EthTestNode.BALANCE.subtract(price.multiply(used)).toHexQuantity(),
        node.result("eth_getBalance", address(4), "latest").asText());
    // and the reverted write did not happen
    assertEquals(UInt256.valueOf(17).toHexString(),
        node.result("eth_getStorageAt", CounterContract.ADDRESS, "0x0", "latest").asText());
  }

  @Test
  void blockByNumberWithHashes() {
    JsonNode b = node.result("eth_getBlockByNumber", "0x1", false);
    BlockHeader h = block1.block().header();
    Hash hash = node.chain().store().canonicalHash(1).orElseThrow();
    assertEquals(hash, h.hash());
    assertEquals(hash.toHex(), b.get("hash").asText());
    assertEquals("0x1", b.get("number").asText());
    assertEquals(node.chain().store().canonicalHash(0).orElseThrow().toHex(), b.get("parentHash").asText());
    assertEquals(h.transactionsRoot().toHex(), b.get("transactionsRoot").asText());
    assertEquals(h.receiptsRoot().toHex(), b.get("receiptsRoot").asText());
    assertEquals(h.stateRoot().toHex(), b.get("stateRoot").asText());
    assertEquals(h.logsBloom().toHexString(), b.get("logsBloom").asText());
    assertEquals(EthTestNode.PROPOSER.toHex(), b.get("miner").asText());
    assertEquals(q(h.timestamp()), b.get("timestamp").asText());
    assertEquals(q(EthTestNode.GAS_LIMIT), b.get("gasLimit").asText());
    assertEquals(q(h.gasUsed()), b.get("gasUsed").asText());
    assertEquals(h.baseFee().toHexQuantity(), b.get("baseFeePerGas").asText());
    assertEquals(Hash.EMPTY_LIST_HASH.toHex(), b.get("sha3Uncles").asText());
    assertEquals("0x0", b.get("difficulty").asText());
    assertEquals("0x0000000000000000", b.get("nonce").asText());
    assertEquals("0x", b.get("extraData").asText());
    assertEquals(EthTestNode.json("[]"), b.get("uncles"));
    assertTrue(Quantity.decodeLong(b.get("size").asText()) > 0);
    JsonNode txs = b.get("transactions");
    assertEquals(4, txs.size());
    Transaction[] expected = {legacy, accessList, dynamicTransfer, dynamicAdd};
    for (int i = 0; i < 4; i++) {
      assertEquals(expected[i].hash().toHex(), txs.get(i).asText());
    }
    // the block bloom is the OR of the receipts' blooms
    Bytes bloom = Bytes.fromHexString(b.get("logsBloom").asText());
    assertTrue(LogsBloom.mightContain(bloom, CounterContract.ADDRESS.bytes()));
    assertEquals(node.result("eth_getBlockByHash", hash, false), b);
  }

  @Test
  void blockWithFullTransactionsMatchesGetTransactionByHash() {
    JsonNode b = node.result("eth_getBlockByNumber", "0x1", true);
    JsonNode txs = b.get("transactions");
    assertEquals(4, txs.size());
    for (JsonNode tx : txs) {
      assertEquals(node.result("eth_getTransactionByHash", tx.get("hash").asText()), tx);
    }
    assertEquals(node.result("eth_getBlockByHash", block1.block().hash(), true), b);
    // the same header fields with and without full transactions
    JsonNode lean = node.result("eth_getBlockByNumber", "0x1", false);
    b.fieldNames().forEachRemaining(f -> {
      if (!f.equals("transactions")) {
        assertEquals(lean.get(f), b.get(f), f);
      }
    });
  }

  @Test
  void tagsResolveToTheRightBlocks() {
    JsonNode latest = node.result("eth_getBlockByNumber", "latest", false);
    assertEquals(node.chain().headHash().toHex(), latest.get("hash").asText());
    assertEquals("0x2", latest.get("number").asText());
    assertEquals(block1.block().hash().toHex(), latest.get("parentHash").asText());
    assertEquals(latest, node.result("eth_getBlockByNumber", "pending", false));
    assertEquals(latest, node.result("eth_getBlockByNumber", "safe", false));
    assertEquals(latest, node.result("eth_getBlockByNumber", "finalized", false));
    JsonNode genesis = node.result("eth_getBlockByNumber", "earliest", true);
    assertEquals("0x0", genesis.get("number").asText());
    assertEquals(Hash.ZERO.toHex(), genesis.get("parentHash").asText());
    assertEquals(0, genesis.get("transactions").size());
    assertEquals(EthTestNode.INITIAL_BASE_FEE.toHexQuantity(), genesis.get("baseFeePerGas").asText());
    assertTrue(node.result("eth_getBlockByNumber", "0x3", false).isNull());
  }

  @Test
  void transactionCounts() {
    assertEquals("0x4", node.result("eth_getBlockTransactionCountByNumber", "0x1").asText());
    assertEquals("0x4", node.result("eth_getBlockTransactionCountByHash", block1.block().hash()).asText());
    assertEquals("0x1", node.result("eth_getBlockTransactionCountByNumber", "latest").asText());
    assertEquals("0x1", node.result("eth_getBlockTransactionCountByHash", block2.block().hash()).asText());
    assertEquals("0x0", node.result("eth_getBlockTransactionCountByNumber", "earliest").asText());
    assertTrue(node.result("eth_getBlockTransactionCountByNumber", "0x3").isNull());
  }
}
