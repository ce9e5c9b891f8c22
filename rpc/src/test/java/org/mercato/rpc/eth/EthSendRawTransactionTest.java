package org.mercato.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.rpc.testing.EthTestNode.CHAIN_ID;
import static org.mercato.rpc.testing.EthTestNode.GWEI;
import static org.mercato.rpc.testing.EthTestNode.address;
import static org.mercato.rpc.testing.EthTestNode.sign;
import static org.mercato.rpc.testing.EthTestNode.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.testing.EthTestNode;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionType;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Wei;

/**
 * eth_sendRawTransaction over HTTP: accepted transactions return their hash and enter the pool;
 * every refusal is -32000 and starts with the message geth gives for it, which wallets match on.
 */
class EthSendRawTransactionTest {
  private EthTestNode node;

  @BeforeEach
  void start() {
    node = new EthTestNode();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private JsonNode rejected(Transaction tx, String gethMessage) {
    return rejected(tx.encoded(), gethMessage);
  }

  private JsonNode rejected(Bytes raw, String gethMessage) {
    int before = node.pool().size();
    JsonNode error = node.error("eth_sendRawTransaction", raw);
    assertEquals(-32000, error.get("code").asInt(), error.toString());
    String message = error.get("message").asText();
    assertTrue(message.equals(gethMessage) || message.startsWith(gethMessage + ": "),
        () -> "expected \"" + gethMessage + "\", got \"" + message + "\"");
    assertEquals(before, node.pool().size(), "a refused transaction must not enter the pool");
    return error;
  }

  private void accepted(Transaction tx) {
    assertEquals(tx.hash().toHex(), node.result("eth_sendRawTransaction", tx.encoded()).asText());
    assertTrue(node.pool().get(tx.hash()).isPresent());
  }

  @Test
  void returnsTheHashAndPoolsTheTransaction() {
    Transaction tx = transfer(0, 0, address(1), Wei.coins(1));
    accepted(tx);
    assertEquals(1, node.pool().pendingCount());
    // mined from the pool, it leaves the pool and the balance moves
    node.mineFromPool();
    assertEquals(0, node.pool().size());
    assertEquals(EthTestNode.BALANCE.add(Wei.coins(1)).toHexQuantity(), node.result("eth_getBalance", address(1), "latest").asText());
  }

  @Test
  void acceptsAllThreeEnvelopes() {
    Wei price = GWEI.multiply(5);
    accepted(sign(0, UnsignedTransaction.legacy(CHAIN_ID, 0, price, 21_000, address(1), Wei.ONE_COIN, Bytes.EMPTY)));
    accepted(sign(0, UnsignedTransaction.accessList(CHAIN_ID, 1, price, 21_000, address(1), Wei.ONE_COIN, Bytes.EMPTY, List.of())));
    accepted(transfer(0, 2, address(1), Wei.ONE_COIN));
    assertEquals("0x3", node.result("eth_getTransactionCount", address(0), "pending").asText());
    assertEquals(3, node.mineFromPool().block().transactions().size());
  }

  @Test
  void nonceTooLow() {
    node.mine(transfer(0, 0, address(1), Wei.ONE_COIN));
    JsonNode e = rejected(transfer(0, 0, address(2), Wei.ONE_COIN), "nonce too low");
    assertEquals("nonce too low: next nonce 1, tx nonce 0", e.get("message").asText());
  }

  @Test
  void insufficientFunds() {
    rejected(transfer(0, 0, address(1), Wei.coins(1001)), "insufficient funds for gas * price + value");
    // an unfunded account cannot pay for gas even with value 0
    rejected(transfer(EthTestNode.UNFUNDED, 0, address(1), Wei.ZERO), "insufficient funds for gas * price + value");
  }

  @Test
  void feeCapBelowBaseFee() {
    Transaction tx = sign(0, UnsignedTransaction.transfer(CHAIN_ID, 0, Wei.of(1), Wei.of(1), address(1), Wei.ONE_COIN));
    rejected(tx, "max fee per gas less than block base fee");
  }

  @Test
  void tipAboveFeeCap() {
    Transaction tx = sign(0, UnsignedTransaction.transfer(CHAIN_ID, 0, GWEI.multiply(3), GWEI.multiply(2), address(1), Wei.ONE_COIN));
    rejected(tx, "max priority fee per gas higher than max fee per gas");
  }

  @Test
  void invalidChainId() {
    rejected(sign(0, UnsignedTransaction.transfer(1, 0, GWEI, GWEI.multiply(10), address(1), Wei.ONE_COIN)), "invalid chain id");
    rejected(sign(0, UnsignedTransaction.legacy(1, 0, GWEI.multiply(10), 21_000, address(1), Wei.ONE_COIN, Bytes.EMPTY)),
        "invalid chain id");
  }

  @Test
  void intrinsicGasTooLow() {
    rejected(sign(0, UnsignedTransaction.dynamicFee(CHAIN_ID, 0, GWEI, GWEI.multiply(10), 20_999, address(1), Wei.ONE_COIN,
        Bytes.EMPTY, List.of())), "intrinsic gas too low");
    // calldata raises the floor: 21000 is too little with one non-zero byte
    rejected(sign(0, UnsignedTransaction.dynamicFee(CHAIN_ID, 0, GWEI, GWEI.multiply(10), 21_000, address(1), Wei.ONE_COIN,
        Bytes.of(1), List.of())), "intrinsic gas too low");
  }

  @Test
  void gasLimitAboveBlockGasLimit() {
    rejected(sign(0, UnsignedTransaction.dynamicFee(CHAIN_ID, 0, GWEI, GWEI.multiply(10), EthTestNode.GAS_LIMIT + 1, address(1),
        Wei.ONE_COIN, Bytes.EMPTY, List.of())), "exceeds block gas limit");
  }

  @Test
  void alreadyKnown() {
    Transaction tx = transfer(0, 0, address(1), Wei.ONE_COIN);
    accepted(tx);
    rejected(tx, "already known");
  }

  @Test
  void replacementUnderpricedThenBumped() {
    Wei tip = GWEI.multiply(2);
    Wei cap = GWEI.multiply(20);
    Transaction original = sign(0, UnsignedTransaction.transfer(CHAIN_ID, 0, tip, cap, address(1), Wei.ONE_COIN));
    accepted(original);
    // +5 %: not enough
    rejected(sign(0, UnsignedTransaction.transfer(CHAIN_ID, 0, Wei.of(2_100_000_000L), Wei.of(21_000_000_000L), address(1),
        Wei.ONE_COIN)), "replacement transaction underpriced");
    // only the cap raised by 10 %: not enough either
    rejected(sign(0, UnsignedTransaction.transfer(CHAIN_ID, 0, tip, Wei.of(22_000_000_000L), address(1), Wei.ONE_COIN)),
        "replacement transaction underpriced");
    // both by 10 %: replaces
    Transaction bumped = sign(0, UnsignedTransaction.transfer(CHAIN_ID, 0, Wei.of(2_200_000_000L), Wei.of(22_000_000_000L),
        address(1), Wei.ONE_COIN));
    accepted(bumped);
    assertTrue(node.result("eth_getTransactionByHash", original.hash()).isNull(), "the replaced transaction is gone");
    assertEquals(1, node.pool().size());
  }

  @Test
  void oversizedData() {
    Bytes data = Bytes.wrap(new byte[128 * 1024]);
    rejected(sign(0, UnsignedTransaction.dynamicFee(CHAIN_ID, 0, GWEI, GWEI.multiply(10), 29_000_000, address(1), Wei.ZERO, data,
        List.of())), "oversized data");
  }

  @Test
  void malformedBytes() {
    Bytes good = transfer(0, 0, address(1), Wei.ONE_COIN).encoded();
    rejected(good.slice(0, good.size() - 1), "invalid transaction encoding");
    rejected(Bytes.concatenate(good, Bytes.of(0)), "invalid transaction encoding");
    rejected(Bytes.fromHexString("0xc0"), "invalid transaction encoding");
    rejected(Bytes.fromHexString("0x02"), "invalid transaction encoding");
    rejected(Bytes.fromHexString("0x05c0"), "transaction type not supported");
  }

  @Test
  void contractCreation() {
    Transaction tx = sign(0, new UnsignedTransaction(TransactionType.DYNAMIC_FEE, CHAIN_ID, 0, GWEI, GWEI.multiply(10), 100_000,
        Optional.empty(), Wei.ZERO, Bytes.fromHexString("0x6000"), List.of()));
    rejected(tx, "contract creation is not supported: Mercato runs no EVM, its contracts are native");
  }

  @Test
  void badParameters() {
    JsonNode e = node.error("eth_sendRawTransaction", "0x123");
    assertEquals(-32602, e.get("code").asInt());
    assertEquals("invalid argument 0: hex string of odd length (3 digits)", e.get("message").asText());
    e = node.error("eth_sendRawTransaction");
    assertEquals("missing value for required argument 0", e.get("message").asText());
  }
}
