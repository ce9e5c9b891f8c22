package org.mercato.node.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthFeeHistory;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * Wallet-compatibility checks of a running node's JSON-RPC through web3j, the way a Java wallet or
 * backend uses it: transactions signed locally ({@link TransactionEncoder}) and sent with
 * eth_sendRawTransaction, receipts polled. Not a JUnit test itself: construct it with the node's
 * URL and the private keys of dev accounts #1..#8 ({@link DevAccounts#web3jKeys()}), call the
 * {@code check*} methods one at a time (they are not thread-safe), each throws {@link
 * AssertionError} on failure, and {@link #close()} it. The ethers suite in compat/ uses #9..#19,
 * so both can run against one node at once.
 *
 * <p>Which key does what: key 0 (#1) EIP-1559 transfers, key 1 (#2) legacy transfers, key 2 (#3)
 * nonce too low, key 3 (#4) invalid chain id and intrinsic gas, key 4 (#5) contract creation. Keys
 * 5..8 (#6..#9) are unused, for more checks. Recipients are fresh random addresses.
 */
public final class Web3jCompatibilitySuite implements AutoCloseable {
  public static final long CHAIN_ID = 31337L;
  public static final BigInteger GENESIS_BALANCE = Convert.toWei("10000", Convert.Unit.ETHER).toBigIntegerExact();
  public static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);
  /** The JSON-RPC error code of every eth_sendRawTransaction rejection, as geth. */
  public static final int SERVER_ERROR = -32000;

  private static final String EMPTY_BLOOM = "0x" + "00".repeat(256);

  private final Web3j web3j;
  private final List<Credentials> accounts;
  private final Duration mineTimeout;

  /** @param privateKeys at least 5 dev account keys, #1..#8 in order (more are ignored). */
  public Web3jCompatibilitySuite(String rpcUrl, List<String> privateKeys) {
    this(rpcUrl, privateKeys, Duration.ofSeconds(30));
  }

  public Web3jCompatibilitySuite(String rpcUrl, List<String> privateKeys, Duration mineTimeout) {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    if (privateKeys.size() < 5) {
      throw new IllegalArgumentException("needs at least 5 dev account keys, got " + privateKeys.size());
    }
    this.web3j = Web3j.build(new HttpService(rpcUrl));
    this.accounts = privateKeys.stream().map(Credentials::create).toList();
    this.mineTimeout = mineTimeout;
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  // ---------------------------------------------------------------------------------------------
  // Checks

  /** eth_chainId is 31337, net_version "31337", web3_clientVersion a non-empty string. */
  public void checkChainId() {
    assertEquals(BigInteger.valueOf(CHAIN_ID), call(web3j.ethChainId()).getChainId(), "eth_chainId");
    assertEquals("31337", call(web3j.netVersion()).getNetVersion(), "net_version");
    String client = call(web3j.web3ClientVersion()).getWeb3ClientVersion();
    assertTrue(client != null && !client.isEmpty(), "web3_clientVersion is empty");
  }

  /**
   * Every key's account held 10,000 coins at genesis and holds some now; latest and pending nonces
   * are consistent; an unknown account has nothing and no code.
   */
  public void checkBalanceAndNonce() {
    for (Credentials account : accounts) {
      String address = account.getAddress();
      assertEquals(GENESIS_BALANCE, balance(address, DefaultBlockParameterName.EARLIEST), "genesis balance of " + address);
      assertTrue(balance(address, DefaultBlockParameterName.LATEST).signum() > 0, "no balance left at " + address);
      BigInteger latest = nonce(address, DefaultBlockParameterName.LATEST);
      BigInteger pending = nonce(address, DefaultBlockParameterName.PENDING);
      assertTrue(pending.compareTo(latest) >= 0, "pending nonce " + pending + " below latest " + latest + " at " + address);
      assertEquals("0x", call(web3j.ethGetCode(address, DefaultBlockParameterName.LATEST)).getCode(), "code of " + address);
    }
    String stranger = randomAddress();
    assertEquals(BigInteger.ZERO, balance(stranger, DefaultBlockParameterName.LATEST));
    assertEquals(BigInteger.ZERO, nonce(stranger, DefaultBlockParameterName.LATEST));
    assertEquals(BigInteger.ZERO, nonce(stranger, DefaultBlockParameterName.PENDING));
  }

  /**
   * An EIP-1559 transfer signed locally and sent raw: the returned hash is keccak of the raw bytes,
   * the receipt is complete, effectiveGasPrice = min(maxFee, baseFee + tip), and balances move
   * exactly: sender loses value + gasUsed * effectiveGasPrice, recipient gains value.
   */
  public void checkEip1559Transfer() {
    eip1559Transfer(accounts.get(0));
  }

  /** A legacy (type 0, EIP-155) transfer: pays exactly its gasPrice; v is chainId * 2 + 35/36. */
  public void checkLegacyTransfer() {
    Credentials sender = accounts.get(1);
    String to = randomAddress();
    BigInteger value = BigInteger.TEN.pow(15);
    BigInteger nonce = idleNonce(sender);
    BigInteger before = balance(sender.getAddress(), DefaultBlockParameterName.LATEST);
    BigInteger gasPrice = call(web3j.ethGasPrice()).getGasPrice();
    assertTrue(gasPrice.signum() > 0, "eth_gasPrice is zero");

    RawTransaction raw = RawTransaction.createEtherTransaction(nonce, gasPrice, TRANSFER_GAS, to, value);
    String hash = sendRaw(Numeric.toHexString(TransactionEncoder.signMessage(raw, CHAIN_ID, sender)));
    TransactionReceipt receipt = waitForReceipt(hash);
    checkReceipt(receipt, hash, sender.getAddress(), to, "0x0", TRANSFER_GAS);
    assertEquals(gasPrice, Numeric.decodeQuantity(receipt.getEffectiveGasPrice()), "effectiveGasPrice of a legacy tx");

    Transaction tx = transaction(hash);
    long v = tx.getV();
    assertTrue(v == CHAIN_ID * 2 + 35 || v == CHAIN_ID * 2 + 36, "EIP-155 v expected, got " + v);
    assertEquals(gasPrice, tx.getGasPrice());
    assertEquals(nonce, tx.getNonce());

    BigInteger after = balance(sender.getAddress(), DefaultBlockParameterName.LATEST);
    assertEquals(value.add(TRANSFER_GAS.multiply(gasPrice)), before.subtract(after), "sender's balance change");
    assertEquals(value, balance(to, DefaultBlockParameterName.LATEST), "recipient's balance");
  }

  /** eth_estimateGas: 21000 for a plain transfer, plus 4 per zero and 16 per non-zero calldata byte. */
  public void checkEstimateGas() {
    String from = accounts.get(0).getAddress();
    String to = randomAddress();
    var plain = org.web3j.protocol.core.methods.request.Transaction.createEtherTransaction(from, null, null, null, to, BigInteger.ONE);
    assertEquals(TRANSFER_GAS, call(web3j.ethEstimateGas(plain)).getAmountUsed(), "plain transfer");
    String data = "0x00ff0000abcd"; // 3 zero bytes, 3 non-zero
    var withData = org.web3j.protocol.core.methods.request.Transaction.createFunctionCallTransaction(
        from, null, null, null, to, BigInteger.ONE, data);
    assertEquals(BigInteger.valueOf(21_000 + 3 * 4 + 3 * 16), call(web3j.ethEstimateGas(withData)).getAmountUsed(), "transfer with calldata");
  }

  /** eth_feeHistory over the last blocks: blockCount + 1 base fees, ratios in [0, 1], 2 percentiles. */
  public void checkFeeHistory() {
    BigInteger latest = call(web3j.ethBlockNumber()).getBlockNumber();
    int count = (int) Math.min(4, latest.longValueExact() + 1);
    EthFeeHistory.FeeHistory history =
        call(web3j.ethFeeHistory(count, DefaultBlockParameterName.LATEST, List.of(25.0, 75.0))).getFeeHistory();
    assertNotNull(history, "eth_feeHistory result");
    assertTrue(history.getOldestBlock().compareTo(latest.subtract(BigInteger.valueOf(count - 1))) >= 0, "oldestBlock " + history.getOldestBlock());
    assertEquals(count + 1, history.getBaseFeePerGas().size(), "baseFeePerGas has blockCount + 1 entries");
    history.getBaseFeePerGas().forEach(b -> assertTrue(b.signum() > 0, "base fee " + b));
    assertEquals(count, history.getGasUsedRatio().size());
    history.getGasUsedRatio().forEach(r -> assertTrue(r >= 0 && r <= 1, "gasUsedRatio " + r));
    assertEquals(count, history.getReward().size());
    history.getReward().forEach(r -> assertEquals(2, r.size(), "one reward per percentile"));
    BigInteger tip = call(web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
    assertTrue(tip.signum() >= 0, "eth_maxPriorityFeePerGas " + tip);
  }

  /**
   * A block fetched by number with full transactions holds the transfer just made, with its signed
   * fields; without full transactions it lists the hash; parent hash and transaction count agree.
   */
  public void checkBlockByNumberWithFullTransactions() {
    Transfer transfer = eip1559Transfer(accounts.get(0));
    TransactionReceipt receipt = transfer.receipt();
    DefaultBlockParameter number = DefaultBlockParameter.valueOf(receipt.getBlockNumber());

    EthBlock.Block full = call(web3j.ethGetBlockByNumber(number, true)).getBlock();
    assertNotNull(full, "block " + receipt.getBlockNumber());
    assertEquals(receipt.getBlockHash(), full.getHash());
    assertEquals(receipt.getBlockNumber(), full.getNumber());
    assertNotNull(full.getBaseFeePerGas(), "baseFeePerGas");
    assertTrue(full.getGasUsed().compareTo(receipt.getGasUsed()) >= 0, "block gasUsed below the transfer's");
    Transaction tx = full.getTransactions().stream()
        .map(t -> (Transaction) t.get())
        .filter(t -> t.getHash().equals(transfer.hash()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("transfer " + transfer.hash() + " missing from full block"));
    assertEquals(transfer.sender().toLowerCase(Locale.ROOT), tx.getFrom().toLowerCase(Locale.ROOT));
    assertEquals(transfer.to().toLowerCase(Locale.ROOT), tx.getTo().toLowerCase(Locale.ROOT));
    assertEquals(transfer.value(), tx.getValue());
    assertEquals(transfer.nonce(), tx.getNonce());
    assertEquals(full.getHash(), tx.getBlockHash());
    assertEquals(full.getNumber(), tx.getBlockNumber());
    assertEquals(receipt.getTransactionIndex(), tx.getTransactionIndex());
    assertEquals("0x2", tx.getType());
    assertEquals(Long.valueOf(CHAIN_ID), tx.getChainId());
    assertEquals(transfer.maxFeePerGas(), tx.getMaxFeePerGas());
    assertEquals(transfer.maxPriorityFeePerGas(), tx.getMaxPriorityFeePerGas());

    EthBlock.Block hashes = call(web3j.ethGetBlockByNumber(number, false)).getBlock();
    assertEquals(full.getHash(), hashes.getHash());
    assertTrue(hashes.getTransactions().stream().anyMatch(t -> transfer.hash().equals(t.get())), "hash missing from block");
    assertEquals(BigInteger.valueOf(full.getTransactions().size()),
        call(web3j.ethGetBlockTransactionCountByNumber(number)).getTransactionCount());
    EthBlock.Block parent =
        call(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(receipt.getBlockNumber().subtract(BigInteger.ONE)), false)).getBlock();
    assertEquals(parent.getHash(), full.getParentHash(), "parentHash");
  }

  /** Resending an already mined nonce: -32000 "nonce too low". */
  public void checkNonceTooLow() {
    Credentials sender = accounts.get(2);
    BigInteger latest = idleNonce(sender);
    if (latest.signum() == 0) {
      waitForReceipt(sendRaw(sign1559(sender, latest, randomAddress(), BigInteger.ONE, TRANSFER_GAS, CHAIN_ID, fees())));
      latest = BigInteger.ONE;
    }
    String raw = sign1559(sender, latest.subtract(BigInteger.ONE), randomAddress(), BigInteger.ONE, TRANSFER_GAS, CHAIN_ID, fees());
    expectRejection(raw, "nonce too low");
  }

  /** A fresh account with no coins: -32000 "insufficient funds for gas * price + value". */
  public void checkInsufficientFunds() {
    Credentials broke = randomCredentials();
    String raw = sign1559(broke, BigInteger.ZERO, randomAddress(), BigInteger.ONE, TRANSFER_GAS, CHAIN_ID, fees());
    expectRejection(raw, "insufficient funds for gas * price + value");
  }

  /** Signed for chain 1: -32000 "invalid chain id". */
  public void checkInvalidChainId() {
    Credentials sender = accounts.get(3);
    BigInteger nonce = nonce(sender.getAddress(), DefaultBlockParameterName.PENDING);
    String raw = sign1559(sender, nonce, randomAddress(), BigInteger.ONE, TRANSFER_GAS, 1L, fees());
    expectRejection(raw, "invalid chain id");
  }

  /** A transfer with gas limit 20000: -32000 "intrinsic gas too low". */
  public void checkIntrinsicGasTooLow() {
    Credentials sender = accounts.get(3);
    BigInteger nonce = nonce(sender.getAddress(), DefaultBlockParameterName.PENDING);
    String raw = sign1559(sender, nonce, randomAddress(), BigInteger.ONE, BigInteger.valueOf(20_000), CHAIN_ID, fees());
    expectRejection(raw, "intrinsic gas too low");
  }

  /** A transaction without a recipient: -32000 "contract creation is not supported" (no EVM). */
  public void checkContractCreationRejected() {
    Credentials sender = accounts.get(4);
    BigInteger nonce = nonce(sender.getAddress(), DefaultBlockParameterName.PENDING);
    Fees fees = fees();
    RawTransaction create = RawTransaction.createTransaction(
        CHAIN_ID, nonce, BigInteger.valueOf(100_000), "", BigInteger.ZERO, "0x60006000f3",
        fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
    expectRejection(Numeric.toHexString(TransactionEncoder.signMessage(create, sender)), "contract creation is not supported");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {}

  private record Transfer(String hash, String sender, String to, BigInteger value, BigInteger nonce,
      BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, TransactionReceipt receipt) {}

  private Transfer eip1559Transfer(Credentials sender) {
    String to = randomAddress();
    BigInteger value = new BigInteger("1234567891234567");
    BigInteger nonce = idleNonce(sender);
    BigInteger before = balance(sender.getAddress(), DefaultBlockParameterName.LATEST);
    Fees fees = fees();

    String raw = sign1559(sender, nonce, to, value, TRANSFER_GAS, CHAIN_ID, fees);
    String hash = sendRaw(raw);
    assertEquals(Hash.sha3(raw), hash, "eth_sendRawTransaction must return keccak256 of the raw transaction");
    assertEquals(nonce.add(BigInteger.ONE), nonce(sender.getAddress(), DefaultBlockParameterName.PENDING), "pending nonce after sending");

    TransactionReceipt receipt = waitForReceipt(hash);
    checkReceipt(receipt, hash, sender.getAddress(), to, "0x2", TRANSFER_GAS);
    EthBlock.Block block = call(web3j.ethGetBlockByHash(receipt.getBlockHash(), false)).getBlock();
    assertNotNull(block, "block " + receipt.getBlockHash());
    BigInteger price = block.getBaseFeePerGas().add(fees.maxPriorityFeePerGas()).min(fees.maxFeePerGas());
    BigInteger effective = Numeric.decodeQuantity(receipt.getEffectiveGasPrice());
    assertEquals(price, effective, "effectiveGasPrice = min(maxFeePerGas, baseFee + maxPriorityFeePerGas)");

    assertEquals(nonce.add(BigInteger.ONE), nonce(sender.getAddress(), DefaultBlockParameterName.LATEST), "nonce after mining");
    BigInteger after = balance(sender.getAddress(), DefaultBlockParameterName.LATEST);
    assertEquals(value.add(receipt.getGasUsed().multiply(effective)), before.subtract(after), "sender's balance change");
    assertEquals(value, balance(to, DefaultBlockParameterName.LATEST), "recipient's balance");
    return new Transfer(hash, sender.getAddress(), to, value, nonce, fees.maxFeePerGas(), fees.maxPriorityFeePerGas(), receipt);
  }

  private static void checkReceipt(TransactionReceipt receipt, String hash, String from, String to, String type, BigInteger gasUsed) {
    assertEquals(hash, receipt.getTransactionHash());
    assertEquals("0x1", receipt.getStatus(), "status");
    assertEquals(type, receipt.getType(), "type");
    assertEquals(gasUsed, receipt.getGasUsed(), "gasUsed");
    assertTrue(receipt.getCumulativeGasUsed().compareTo(receipt.getGasUsed()) >= 0, "cumulativeGasUsed");
    assertEquals(from.toLowerCase(Locale.ROOT), receipt.getFrom().toLowerCase(Locale.ROOT), "from");
    assertEquals(to.toLowerCase(Locale.ROOT), receipt.getTo().toLowerCase(Locale.ROOT), "to");
    assertNotNull(receipt.getEffectiveGasPrice(), "effectiveGasPrice");
    assertTrue(receipt.getBlockHash() != null && receipt.getBlockHash().matches("0x[0-9a-f]{64}"), "blockHash " + receipt.getBlockHash());
    assertTrue(receipt.getBlockNumber().signum() > 0, "blockNumber");
    assertEquals(EMPTY_BLOOM, receipt.getLogsBloom(), "logsBloom of a transfer");
    assertTrue(receipt.getLogs().isEmpty(), "a transfer emits no log");
    assertNull(receipt.getContractAddress(), "contractAddress");
  }

  private void expectRejection(String rawTransaction, String expectedMessage) {
    EthSendTransaction sent = send(web3j.ethSendRawTransaction(rawTransaction));
    if (!sent.hasError()) {
      fail("expected the node to reject with \"" + expectedMessage + "\", but it accepted " + sent.getTransactionHash());
    }
    Response.Error error = sent.getError();
    String message = error.getMessage() == null ? "" : error.getMessage();
    assertTrue(message.toLowerCase(Locale.ROOT).contains(expectedMessage.toLowerCase(Locale.ROOT)),
        "expected a message containing \"" + expectedMessage + "\", got code " + error.getCode() + " \"" + message + "\"");
    assertEquals(SERVER_ERROR, error.getCode(), "JSON-RPC error code for \"" + message + "\"");
  }

  private String sign1559(Credentials sender, BigInteger nonce, String to, BigInteger value, BigInteger gasLimit, long chainId, Fees fees) {
    RawTransaction tx = RawTransaction.createEtherTransaction(
        chainId, nonce, gasLimit, to, value, fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
    return Numeric.toHexString(TransactionEncoder.signMessage(tx, sender));
  }

  /** Fees a node accepts now: twice the latest base fee plus the suggested tip (at least 1 wei). */
  private Fees fees() {
    EthBlock.Block latest = call(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
    assertNotNull(latest.getBaseFeePerGas(), "latest block has no baseFeePerGas");
    BigInteger tip = call(web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas().max(BigInteger.ONE);
    return new Fees(latest.getBaseFeePerGas().shiftLeft(1).add(tip), tip);
  }

  private String sendRaw(String raw) {
    EthSendTransaction sent = send(web3j.ethSendRawTransaction(raw));
    if (sent.hasError()) {
      fail("eth_sendRawTransaction rejected: " + sent.getError().getCode() + " " + sent.getError().getMessage());
    }
    return sent.getTransactionHash();
  }

  private TransactionReceipt waitForReceipt(String hash) {
    long deadline = System.nanoTime() + mineTimeout.toNanos();
    while (true) {
      var receipt = call(web3j.ethGetTransactionReceipt(hash)).getTransactionReceipt();
      if (receipt.isPresent()) {
        return receipt.get();
      }
      if (System.nanoTime() > deadline) {
        fail("transaction " + hash + " not mined within " + mineTimeout);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + hash, e);
      }
    }
  }

  /** The account's nonce, after checking nothing of it is waiting in the pool (so arithmetic is exact). */
  private BigInteger idleNonce(Credentials account) {
    BigInteger latest = nonce(account.getAddress(), DefaultBlockParameterName.LATEST);
    BigInteger pending = nonce(account.getAddress(), DefaultBlockParameterName.PENDING);
    assertEquals(latest, pending, "dev account " + account.getAddress() + " has transactions pending from an earlier run");
    return latest;
  }

  private Transaction transaction(String hash) {
    return call(web3j.ethGetTransactionByHash(hash)).getTransaction()
        .orElseThrow(() -> new AssertionError("transaction " + hash + " not found"));
  }

  private BigInteger balance(String address, DefaultBlockParameter block) {
    return call(web3j.ethGetBalance(address, block)).getBalance();
  }

  private BigInteger nonce(String address, DefaultBlockParameter block) {
    return call(web3j.ethGetTransactionCount(address, block)).getTransactionCount();
  }

  private static String randomAddress() {
    return randomCredentials().getAddress();
  }

  private static Credentials randomCredentials() {
    try {
      return Credentials.create(Keys.createEcKeyPair());
    } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | NoSuchProviderException e) {
      throw new IllegalStateException("cannot make a random key", e);
    }
  }

  /** Sends a request and fails on a JSON-RPC error. */
  private static <T extends Response<?>> T call(Request<?, T> request) {
    T response = send(request);
    if (response.hasError()) {
      fail(request.getMethod() + " failed: " + response.getError().getCode() + " " + response.getError().getMessage());
    }
    return response;
  }

  private static <T extends Response<?>> T send(Request<?, T> request) {
    try {
      return request.send();
    } catch (IOException e) {
      throw new UncheckedIOException(request.getMethod() + " could not reach the node", e);
    }
  }
}
