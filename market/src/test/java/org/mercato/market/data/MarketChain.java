package org.mercato.market.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.factory.DatatokenResolver;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Receipt;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.CallRequest;
import org.mercato.state.exec.CallSimulator;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldView;

/**
 * A real chain (TestChain, RocksDB) with the data-market contracts, one transaction per block, and the bookkeeping the
 * money tests need: every gas fee paid so far, so {@code coins before = coins after + gas fees} can be checked to the wei.
 */
public final class MarketChain implements AutoCloseable {
  public static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  public static final Wei BASE_FEE = Wei.of(1_000_000_000L);
  public static final Wei TIP = Wei.of(2_000_000_000L);
  public static final Wei MAX_FEE = Wei.of(10_000_000_000L);
  public static final long GAS = 400_000;
  public static final BigInteger E18 = BigInteger.TEN.pow(18);

  private final TestChain tc;
  private final Map<Address, Long> nonces = new HashMap<>();
  private long time = 1_000;
  private BigInteger gasFees = BigInteger.ZERO;
  private Hash lastTxHash = Hash.ZERO;

  public MarketChain(Path dir, int fundedAccounts, SystemContract... contracts) {
    tc = TestChain.open(dir, TestChain.params(30_000_000, BASE_FEE, BASE_FEE, TestChain.fund(fundedAccounts, 1_000_000)),
        new DatatokenResolver(), contracts);
  }

  public static KeyPair key(int i) {
    return TestChain.KEYS.get(i);
  }

  @Override
  public void close() {
    tc.close();
  }

  /** Gas fees paid by every transaction sent so far (base fee burned plus tips), in wei. */
  public BigInteger gasFees() {
    return gasFees;
  }

  /** The hash of the last transaction sent (the key of the order it made, if any). */
  public Hash lastTxHash() {
    return lastTxHash;
  }

  public Receipt send(KeyPair from, Address to, Wei value, Bytes data) {
    long n = nonces.getOrDefault(from.address(), 0L);
    nonces.put(from.address(), n + 1);
    Transaction tx = TestChain.call(from, n, TIP, MAX_FEE, GAS, to, value, data);
    lastTxHash = tx.hash();
    ExecutedBlock b = tc.produce(++time, PROPOSER, List.of(tx));
    assertEquals(1, b.receipts().size());
    Receipt r = b.receipts().get(0);
    Wei price = b.block().header().baseFee().add(TIP).min(MAX_FEE);
    gasFees = gasFees.add(price.value().multiply(BigInteger.valueOf(r.cumulativeGasUsed())));
    return r;
  }

  public Receipt ok(KeyPair from, Address to, Wei value, Bytes data) {
    Receipt r = send(from, to, value, data);
    assertTrue(r.success(), () -> "failed: " + ethCall(from.address(), to, value, data).revertReason() + " " + r);
    return r;
  }

  public Receipt ok(KeyPair from, Address to, Bytes data) {
    return ok(from, to, Wei.ZERO, data);
  }

  /** eth_call shows {@code reason}; the same transaction then fails in a block. */
  public void refused(KeyPair from, Address to, Wei value, Bytes data, String reason) {
    CallSimulator.Simulation sim = ethCall(from.address(), to, value, data);
    assertFalse(sim.success(), "expected a revert: " + reason);
    assertEquals(reason, sim.revertReason().orElse(null));
    assertFalse(send(from, to, value, data).success());
  }

  public void refused(KeyPair from, Address to, Bytes data, String reason) {
    refused(from, to, Wei.ZERO, data, reason);
  }

  public CallSimulator.Simulation ethCall(Address from, Address to, Wei value, Bytes data) {
    BlockContext ctx = new BlockContext(TestChain.CHAIN_ID, tc.chain().head().number() + 1, time + 1, PROPOSER, BASE_FEE,
        30_000_000);
    CallRequest req = new CallRequest(Optional.of(from), Optional.of(to), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), value, data, List.of());
    return new CallSimulator(tc.systemContracts()).simulate(tc.chain().latestState(), ctx, req, true);
  }

  /** A successful eth_call's output. */
  public Bytes view(Address to, Bytes data) {
    CallSimulator.Simulation sim = ethCall(PROPOSER, to, Wei.ZERO, data);
    assertTrue(sim.success(), () -> "view failed: " + sim.revertReason());
    return sim.output();
  }

  /** The head block's hash: it covers every state root, receipts root and logs bloom of the chain so far. */
  public Hash headHash() {
    return tc.chain().head().hash();
  }

  public WorldView state() {
    return tc.chain().latestState();
  }

  public BigInteger coins(Address a) {
    return state().accountOrEmpty(a).balance().value();
  }

  public BigInteger dt(Address token, Address holder) {
    return DatatokenContract.balanceOf(state(), token, holder).toBigInteger();
  }

  public BigInteger supply(Address token) {
    return DatatokenContract.totalSupply(state(), token).toBigInteger();
  }

  /** A new asset with one datatoken owned by {@code owner} (also its minter), cap {@code cap}; returns the datatoken. */
  public Address datatoken(KeyPair owner, String symbol, BigInteger cap) {
    Bytes32 id = DataAssetFactory.assetCount(state()).add(UInt256.ONE).toBytes();
    ok(owner, DataMarketAddresses.ASSET_FACTORY, Abi.call("createAsset(string,string)", "Asset " + symbol, symbol));
    Receipt r = ok(owner, DataMarketAddresses.ASSET_FACTORY, Abi.call(
        "createDatatoken(bytes32,string,string,uint256,address)", id, "DT " + symbol, symbol, cap, owner.address()));
    return new Address(r.logs().get(0).topics().get(1).slice(12, 20));
  }
}
