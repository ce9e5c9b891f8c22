package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.testing.InProcessDevNode;
import org.mercato.node.testing.Rpc;
import org.mercato.rpc.client.JsonRpcCallException;
import org.mercato.state.testing.CounterContract;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The system-contract seam seen from a wallet: {@link CounterContract} (the state module's fixture)
 * wired into a real node, driven over JSON-RPC with calldata encoded and transactions signed by
 * web3j. Code at the address, eth_call, receipts with logs, eth_getLogs, reverts (status 0 on chain,
 * error 3 with the Error(string) payload from eth_call) and eth_estimateGas.
 */
class SystemContractRpcTest {
  private static final String COUNTER = CounterContract.ADDRESS.toHex();
  private static final long CHAIN_ID = 31337;
  private static final BigInteger GAS = BigInteger.valueOf(200_000);
  private static final Duration MINE = Duration.ofSeconds(30);

  private static InProcessDevNode node;
  private static Rpc rpc;

  @BeforeAll
  static void start() {
    node = new InProcessDevNode(Duration.ofMillis(200), List.of(new CounterContract()));
    rpc = new Rpc(node.rpcUri());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theContractHasCodeAndPlainAccountsHaveNone() {
    String code = rpc.call("eth_getCode", COUNTER, "latest").asText();
    assertNotEquals("0x", code, "eth_getCode at the system contract");
    assertTrue(code.matches("0x([0-9a-f]{2})+"), code);
    assertEquals("0x", rpc.call("eth_getCode", DevAccounts.credentials(0).getAddress(), "latest").asText());
  }

  @Test
  void addChangesTheTotalEmitsAddedAndTheLogIsFound() {
    Credentials sender = DevAccounts.credentials(0);
    BigInteger before = total();
    String hash = send(sender, add(5));
    JsonNode receipt = rpc.waitForReceipt(hash, MINE);

    assertEquals("0x1", receipt.get("status").asText(), "status of add(5): " + receipt);
    assertEquals(before.add(BigInteger.valueOf(5)), total(), "total() after add(5)");
    JsonNode logs = receipt.get("logs");
    assertEquals(1, logs.size(), "logs: " + logs);
    JsonNode log = logs.get(0);
    assertEquals(COUNTER, log.get("address").asText().toLowerCase(Locale.ROOT));
    String addedTopic = Hash.sha3String("Added(address,uint256)");
    String senderTopic = Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(sender.getAddress()), 64);
    assertEquals(List.of(addedTopic, senderTopic), texts(log.get("topics")), "topics");
    assertEquals(before.add(BigInteger.valueOf(5)), Numeric.toBigInt(log.get("data").asText()), "data: the new total");
    assertEquals(hash, log.get("transactionHash").asText());
    assertEquals(receipt.get("blockHash").asText(), log.get("blockHash").asText());
    assertNotEquals("0x" + "00".repeat(256), receipt.get("logsBloom").asText(), "bloom of a receipt with a log");

    String block = receipt.get("blockNumber").asText();
    JsonNode found = rpc.call("eth_getLogs", Map.of("fromBlock", block, "toBlock", block, "address", COUNTER,
        "topics", List.of(addedTopic)));
    assertEquals(List.of(hash), found.findValuesAsText("transactionHash"), "eth_getLogs by address and topic");
    JsonNode bySender = rpc.call("eth_getLogs", Map.of("fromBlock", "0x0", "toBlock", "latest", "address", COUNTER,
        "topics", List.of(addedTopic, senderTopic)));
    assertTrue(bySender.findValuesAsText("transactionHash").contains(hash), "eth_getLogs by the indexed sender: " + bySender);
    JsonNode otherTopic = rpc.call("eth_getLogs", Map.of("fromBlock", block, "toBlock", block, "address", COUNTER,
        "topics", List.of(Hash.sha3String("Removed(address,uint256)"))));
    assertEquals(0, otherTopic.size(), "a topic nobody emitted matches nothing: " + otherTopic);
  }

  @Test
  void aFailingCallIsMinedWithStatusZeroAndChangesNothing() {
    Credentials sender = DevAccounts.credentials(1);
    BigInteger before = total();
    String hash = send(sender, fail("x"));
    JsonNode receipt = rpc.waitForReceipt(hash, MINE);
    assertEquals("0x0", receipt.get("status").asText(), "status of fail(\"x\"): " + receipt);
    assertEquals(0, receipt.get("logs").size(), "a reverted call keeps no log");
    assertTrue(Rpc.quantity(receipt.get("gasUsed")).compareTo(BigInteger.valueOf(21_000)) > 0, "a revert still pays its gas");
    assertEquals(before, total(), "the write before the revert must vanish");
    assertEquals(BigInteger.ONE, rpc.nonce(sender.getAddress(), "latest"), "the nonce is used by a reverted transaction");
  }

  @Test
  void ethCallOfARevertIsErrorThreeWithTheReasonAndTheAbiPayload() {
    JsonRpcCallException e = assertThrows(JsonRpcCallException.class,
        () -> rpc.call("eth_call", Rpc.callObject(DevAccounts.credentials(2).getAddress(), COUNTER, fail("x")), "latest"));
    assertEquals(3, e.code(), "error code of a reverted eth_call: " + e);
    assertTrue(e.getMessage().contains("failed on purpose"), "message: " + e.getMessage());
    assertTrue(e.getMessage().startsWith("execution reverted"), "message: " + e.getMessage());
    String errorString = FunctionEncoder.encode(new Function("Error", List.of(new Utf8String("failed on purpose")), List.of()));
    assertEquals(errorString, e.data() == null ? null : e.data().asText(), "data: ABI Error(string)");
  }

  @Test
  void estimateGasEqualsTheGasTheTransactionUses() {
    Credentials sender = DevAccounts.credentials(3);
    JsonNode estimate = rpc.call("eth_estimateGas", Rpc.callObject(sender.getAddress(), COUNTER, add(5)));
    String hash = send(sender, add(5));
    JsonNode receipt = rpc.waitForReceipt(hash, MINE);
    assertEquals("0x1", receipt.get("status").asText());
    assertEquals(Rpc.quantity(receipt.get("gasUsed")), Rpc.quantity(estimate), "eth_estimateGas vs the receipt's gasUsed");
    // 21,000 + calldata (4 non-zero selector bytes, 31 zero and 1 non-zero argument bytes) + the contract's 1,000 + 5,000.
    assertEquals(BigInteger.valueOf(21_000 + 5 * 16 + 31 * 4 + 1_000 + 5_000), Rpc.quantity(estimate));
  }

  private static BigInteger total() {
    String out = rpc.call("eth_call", Rpc.callObject(DevAccounts.credentials(0).getAddress(), COUNTER,
        FunctionEncoder.encode(new Function("total", List.of(), List.of()))), "latest").asText();
    List<Type> decoded = FunctionReturnDecoder.decode(out, List.of(uint256()));
    assertEquals(1, decoded.size(), "total() returned " + out);
    return (BigInteger) decoded.get(0).getValue();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TypeReference<Type> uint256() {
    return (TypeReference) new TypeReference<Uint256>() {};
  }

  private static String send(Credentials sender, String data) {
    return rpc.sendCall(sender, CHAIN_ID, COUNTER, data, GAS);
  }

  private static String add(long amount) {
    return FunctionEncoder.encode(new Function("add", List.of(new Uint256(amount)), List.of()));
  }

  private static String fail(String reason) {
    return FunctionEncoder.encode(new Function("fail", List.of(new Utf8String(reason)), List.of()));
  }


  private static List<String> texts(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
