package org.mercato.market.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.mercato.state.block.Receipt;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.CallRequest;
import org.mercato.state.exec.CallSimulator;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldView;

/**
 * A real {@link TestChain} with the data-market contracts, signed transactions one block each (or batched), eth_call
 * reads, and the gas fees every sender paid, so tests check coins before = after + fees.
 */
public final class MarketTestChain implements AutoCloseable {
  public static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  public static final Wei BASE = Wei.of(1_000_000_000L);
  public static final Wei TIP = Wei.of(2_000_000_000L);
  public static final Wei MAX_FEE = Wei.of(10_000_000_000L);
  public static final long GAS = 1_000_000;
  public static final UInt256 ONE = UInt256.valueOf(BigInteger.TEN.pow(18));

  private final TestChain tc;
  private final Map<Address, Long> nonces = new HashMap<>();
  private long time = 1_000;
  private BigInteger gasFees = BigInteger.ZERO;

  public MarketTestChain(Path dir, int fundedKeys, SystemContract... contracts) {
    tc = TestChain.open(dir, TestChain.params(30_000_000, BASE, BASE, TestChain.fund(fundedKeys, 1_000)), new DatatokenResolver(),
        contracts);
  }

  public TestChain chain() {
    return tc;
  }

  public WorldView state() {
    return tc.chain().latestState();
  }

  public long time() {
    return time;
  }

  /** Coins every sender paid in gas so far (base fee + tip, per receipt). */
  public BigInteger gasFees() {
    return gasFees;
  }

  public Transaction tx(KeyPair from, Address to, Bytes data) {
    long n = nonces.getOrDefault(from.address(), 0L);
    nonces.put(from.address(), n + 1);
    return TestChain.call(from, n, TIP, MAX_FEE, GAS, to, Wei.ZERO, data);
  }

  /** One block at the next second with these transactions; returns its receipts, counting their gas fees. */
  public List<Receipt> block(List<Transaction> txs) {
    ExecutedBlock b = tc.produce(++time, PROPOSER, txs);
    assertEquals(txs.size(), b.receipts().size(), "every transaction included");
    Wei price = b.block().header().baseFee().add(TIP).min(MAX_FEE);
    long prev = 0;
    for (Receipt r : b.receipts()) {
      gasFees = gasFees.add(price.value().multiply(BigInteger.valueOf(r.cumulativeGasUsed() - prev)));
      prev = r.cumulativeGasUsed();
    }
    return b.receipts();
  }

  public Receipt send(KeyPair from, Address to, Bytes data) {
    return block(List.of(tx(from, to, data))).get(0);
  }

  public Receipt ok(KeyPair from, Address to, Bytes data) {
    Receipt r = send(from, to, data);
    assertTrue(r.success(), () -> "failed: " + r + " reason " + ethCall(from.address(), to, data).revertReason());
    return r;
  }

  /** Sends {@code data} expecting a revert: checks the reason by eth_call first, then that the transaction fails. */
  public Receipt fails(KeyPair from, Address to, Bytes data, String reason) {
    assertEquals(Optional.of(reason), ethCall(from.address(), to, data).revertReason());
    Receipt r = send(from, to, data);
    assertTrue(!r.success(), "should have failed: " + reason);
    return r;
  }

  public CallSimulator.Simulation ethCall(Address from, Address to, Bytes data) {
    BlockContext ctx = new BlockContext(TestChain.CHAIN_ID, tc.chain().head().number() + 1, time + 1, PROPOSER, BASE, 30_000_000);
    CallRequest req = new CallRequest(Optional.of(from), Optional.of(to), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Wei.ZERO, data, List.of());
    return new CallSimulator(tc.systemContracts()).simulate(state(), ctx, req, true);
  }

  public Bytes read(Address to, Bytes data) {
    CallSimulator.Simulation s = ethCall(Address.ZERO, to, data);
    assertTrue(s.success(), () -> "read failed: " + s.revertReason() + s.failure());
    return s.output();
  }

  public UInt256 uint(Address to, String sig, Object... args) {
    return UInt256.fromBytes(Bytes32.wrap(read(to, Abi.call(sig, args)).slice(0, 32)));
  }

  public static long intrinsic(Bytes data) {
    return IntrinsicGas.of(data, List.of());
  }

  public Bytes32 createAsset(KeyPair owner, String name, String symbol) {
    Bytes32 id = DataAssetFactory.assetCount(state()).add(UInt256.ONE).toBytes();
    ok(owner, DataMarketAddresses.ASSET_FACTORY, Abi.call("createAsset(string,string)", name, symbol));
    return id;
  }

  public Address createDatatoken(KeyPair deployer, Bytes32 asset, String symbol, UInt256 cap, Address minter) {
    Address token = DataMarketAddresses.datatoken(asset, DataAssetFactory.datatokenCount(state(), asset));
    ok(deployer, DataMarketAddresses.ASSET_FACTORY, Abi.call("createDatatoken(bytes32,string,string,uint256,address)", asset,
        symbol + " token", symbol, cap, minter));
    return token;
  }

  public BigInteger coins(Address a) {
    return state().accountOrEmpty(a).balance().value();
  }

  public BigInteger coins(List<Address> accounts) {
    return accounts.stream().map(this::coins).reduce(BigInteger.ZERO, BigInteger::add);
  }

  public static List<Address> addresses(List<KeyPair> keys) {
    List<Address> out = new ArrayList<>();
    keys.forEach(k -> out.add(k.address()));
    return out;
  }

  public MarketTestChain reopen() {
    tc.reopen();
    return this;
  }

  @Override
  public void close() {
    tc.close();
  }
}
