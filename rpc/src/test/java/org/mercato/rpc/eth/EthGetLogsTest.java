package org.mercato.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.rpc.testing.EthTestNode.address;
import static org.mercato.rpc.testing.EthTestNode.counterAdd;
import static org.mercato.rpc.testing.EthTestNode.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.jsonrpc.RpcJson;
import org.mercato.rpc.testing.EthTestNode;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * eth_getLogs over HTTP. Chain: block 1 = add(1) from 0, add(2) from 1; block 2 = a plain transfer;
 * block 3 = add(3) from 0, add(4) from 2; block 4 (head) = add(5) from 3. Every Added log has
 * topics [Added, sender] and data = the running total (1, 3, 6, 10, 15).
 */
class EthGetLogsTest {
  private static final String ADDED = CounterContract.ADDED_TOPIC.toHexString();
  private static EthTestNode node;
  private static ExecutedBlock block3;

  @BeforeAll
  static void build() {
    node = new EthTestNode();
    node.mine(counterAdd(0, 0, 1, EthTestNode.GWEI), counterAdd(1, 0, 2, EthTestNode.GWEI));
    node.mine(transfer(4, 0, address(5), Wei.ONE_COIN));
    block3 = node.mine(counterAdd(0, 1, 3, EthTestNode.GWEI), counterAdd(2, 0, 4, EthTestNode.GWEI));
    node.mine(counterAdd(3, 0, 5, EthTestNode.GWEI));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String sender(int account) {
    return Bytes32.leftPad(address(account).bytes()).toHexString();
  }

  private static ObjectNode filter(String json) {
    return (ObjectNode) EthTestNode.json(json);
  }

  private static JsonNode logs(ObjectNode filter) {
    JsonNode result = node.result("eth_getLogs", filter);
    assertTrue(result.isArray(), result.toString());
    return result;
  }

  /** The running totals carried by the logs, which identify them uniquely here. */
  private static List<Long> totals(JsonNode logs) {
    List<Long> out = new ArrayList<>();
    logs.forEach(l -> out.add(UInt256.fromHexString(l.get("data").asText()).toLong()));
    return out;
  }

  private static String range(String from, String to) {
    return "\"fromBlock\":\"" + from + "\",\"toBlock\":\"" + to + "\"";
  }

  @Test
  void byAddressOverTheWholeChain() {
    JsonNode logs = logs(filter("{" + range("earliest", "latest") + ",\"address\":\"" + CounterContract.ADDRESS.toHex() + "\"}"));
    assertEquals(List.of(1L, 3L, 6L, 10L, 15L), totals(logs));
    String[] blocks = {"0x1", "0x1", "0x3", "0x3", "0x4"};
    String[] logIndexes = {"0x0", "0x1", "0x0", "0x1", "0x0"};
    String[] txIndexes = {"0x0", "0x1", "0x0", "0x1", "0x0"};
    for (int i = 0; i < 5; i++) {
      JsonNode l = logs.get(i);
      assertEquals(blocks[i], l.get("blockNumber").asText());
      assertEquals(logIndexes[i], l.get("logIndex").asText());
      assertEquals(txIndexes[i], l.get("transactionIndex").asText());
      assertEquals(CounterContract.ADDRESS.toHex(), l.get("address").asText());
      // each log is the one its receipt shows
      JsonNode receipt = node.result("eth_getTransactionReceipt", l.get("transactionHash").asText());
      assertEquals(l, receipt.get("logs").get(0));
    }
    assertEquals(logs, logs(filter("{" + range("0x0", "latest") + ",\"address\":[\"" + CounterContract.ADDRESS.toHex() + "\",\""
        + Address.fromHex("0x0000000000000000000000000000000000009999").toHex() + "\"]}")));
  }

  @Test
  void byAnotherAddress() {
    assertEquals(0, logs(filter("{" + range("earliest", "latest") + ",\"address\":\"" + address(0).toHex() + "\"}")).size());
    assertEquals(0, logs(filter("{" + range("earliest", "latest") + ",\"address\":\"" + Address.ZERO.toHex() + "\"}")).size());
  }

  @Test
  void byTopics() {
    String all = range("earliest", "latest");
    assertEquals(List.of(1L, 3L, 6L, 10L, 15L), totals(logs(filter("{" + all + ",\"topics\":[\"" + ADDED + "\"]}"))));
    assertEquals(List.of(1L, 6L), totals(logs(filter("{" + all + ",\"topics\":[\"" + ADDED + "\",\"" + sender(0) + "\"]}"))));
    // OR within a position, null as a wildcard position
    assertEquals(List.of(1L, 6L, 10L), totals(logs(filter(
        "{" + all + ",\"topics\":[null,[\"" + sender(0) + "\",\"" + sender(2) + "\"]]}"))));
    assertEquals(List.of(3L), totals(logs(filter("{" + all + ",\"topics\":[null,\"" + sender(1) + "\"]}"))));
    assertEquals(List.of(3L, 15L), totals(logs(filter(
        "{" + all + ",\"topics\":[[\"" + ADDED + "\"],[\"" + sender(1) + "\",\"" + sender(3) + "\"]]}"))));
    // an empty array at a position is a wildcard too
    assertEquals(List.of(1L, 3L, 6L, 10L, 15L), totals(logs(filter("{" + all + ",\"topics\":[[],null]}"))));
    // a topic no log has
    assertEquals(0, logs(filter("{" + all + ",\"topics\":[\"" + sender(0) + "\"]}")).size());
  }

  @Test
  void moreTopicPositionsThanALogHasNeverMatch() {
    // geth: a filter with more positions than the log has topics skips the log, wildcards or not
    String all = range("earliest", "latest");
    assertEquals(0, logs(filter("{" + all + ",\"topics\":[null,null,null]}")).size());
    assertEquals(0, logs(filter("{" + all + ",\"topics\":[\"" + ADDED + "\",null,null]}")).size());
    assertEquals(5, logs(filter("{" + all + ",\"topics\":[\"" + ADDED + "\",null]}")).size());
  }

  @Test
  void byBlockHash() {
    JsonNode logs = logs(filter("{\"blockHash\":\"" + block3.block().hash().toHex() + "\"}"));
    assertEquals(List.of(6L, 10L), totals(logs));
    assertEquals("0x0", logs.get(0).get("logIndex").asText());
    assertEquals("0x1", logs.get(1).get("logIndex").asText());
    assertEquals(block3.block().hash().toHex(), logs.get(1).get("blockHash").asText());
    String block2 = node.chain().store().canonicalHash(2).orElseThrow().toHex();
    assertEquals(0, logs(filter("{\"blockHash\":\"" + block2 + "\"}")).size());
    assertEquals(List.of(10L), totals(logs(filter("{\"blockHash\":\"" + block3.block().hash().toHex()
        + "\",\"topics\":[null,\"" + sender(2) + "\"]}"))));
  }

  @Test
  void ranges() {
    assertEquals(List.of(6L, 10L), totals(logs(filter("{" + range("0x2", "0x3") + "}"))));
    assertEquals(List.of(1L, 3L), totals(logs(filter("{" + range("0x1", "0x1") + "}"))));
    assertEquals(0, logs(filter("{" + range("0x3", "0x1") + "}")).size(), "fromBlock > toBlock: empty");
    // toBlock beyond the head stops at the head
    assertEquals(List.of(15L), totals(logs(filter("{" + range("0x4", "0x63") + "}"))));
  }

  @Test
  void fromBlockBeyondTheHeadIsEmpty() {
    // a poller asking for blocks after the head it has seen must not get the head's logs again
    assertEquals(0, logs(filter("{" + range("0x5", "latest") + "}")).size());
    assertEquals(0, logs(filter("{\"fromBlock\":\"0x5\"}")).size());
    assertEquals(0, logs(filter("{" + range("0x5", "0x9") + "}")).size());
  }

  @Test
  void tags() {
    assertEquals(List.of(15L), totals(logs(filter("{}"))), "no range: the latest block");
    assertEquals(List.of(15L), totals(logs(filter("{" + range("latest", "latest") + "}"))));
    assertEquals(List.of(15L), totals(logs(filter("{" + range("safe", "finalized") + "}"))));
    assertEquals(List.of(15L), totals(logs(filter("{" + range("pending", "pending") + "}"))));
    assertEquals(List.of(1L, 3L, 6L, 10L, 15L), totals(logs(filter("{\"fromBlock\":\"earliest\"}"))));
    assertEquals(0, logs(filter("{" + range("earliest", "earliest") + "}")).size());
  }

  @Test
  void badFilters() {
    JsonNode e = node.error("eth_getLogs", filter("{\"fromBlock\":\"newest\"}"));
    assertEquals(-32602, e.get("code").asInt());
    e = node.error("eth_getLogs", filter("{\"topics\":[\"0x1234\"]}"));
    assertEquals(-32602, e.get("code").asInt());
    assertEquals("invalid argument 0: topic must be 32 bytes (64 hex digits), got 2 bytes", e.get("message").asText());
    e = node.error("eth_getLogs", filter("{\"address\":\"0x12\"}"));
    assertEquals(-32602, e.get("code").asInt());
    e = node.error("eth_getLogs", RpcJson.mapper().createArrayNode());
    assertEquals(-32602, e.get("code").asInt());
    assertEquals("invalid argument 0: expected a filter object", e.get("message").asText());
  }

  @Test
  void rangeLimit() {
    try (EthTestNode longChain = new EthTestNode()) {
      longChain.mineEmpty((int) EthGetLogs.MAX_RANGE);
      // MAX_RANGE + 1 blocks: genesis to head
      JsonNode e = longChain.error("eth_getLogs", filter("{" + range("earliest", "latest") + "}"));
      assertEquals(-32005, e.get("code").asInt());
      assertEquals("block range too large: at most 10000 blocks per query", e.get("message").asText());
      // exactly MAX_RANGE blocks is fine
      assertEquals(0, longChain.result("eth_getLogs", filter("{" + range("0x1", "latest") + "}")).size());
    }
  }
}
