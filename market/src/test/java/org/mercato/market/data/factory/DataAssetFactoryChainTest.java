package org.mercato.market.data.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.CallRequest;
import org.mercato.state.exec.CallSimulator;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldView;

/** The asset factory over a real chain: assets, datatokens at derived addresses served by the resolver. */
class DataAssetFactoryChainTest {
  private static final KeyPair ALICE = TestChain.KEYS.get(0); // asset owner
  private static final KeyPair BOB = TestChain.KEYS.get(1);
  private static final KeyPair CAROL = TestChain.KEYS.get(2);
  private static final Address FACTORY = DataMarketAddresses.ASSET_FACTORY;
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Wei BASE = Wei.of(1_000_000_000L);
  private static final Wei TIP = Wei.of(2_000_000_000L);
  private static final Wei MAX_FEE = Wei.of(10_000_000_000L);
  private static final long GAS = 300_000;
  private static final UInt256 ONE = UInt256.valueOf(BigInteger.TEN.pow(18));
  private static final UInt256 CAP = ONE.multiply(1_000);

  @TempDir Path dir;
  private TestChain tc;
  private final Map<Address, Long> nonces = new HashMap<>();
  private long time = 1_000;

  @BeforeEach
  void open() {
    tc = TestChain.open(dir, TestChain.params(30_000_000, BASE, BASE, TestChain.fund(3, 100)), new DatatokenResolver(),
        new DataAssetFactory());
  }

  @AfterEach
  void close() {
    tc.close();
  }

  private Transaction tx(KeyPair from, Address to, Bytes data) {
    long n = nonces.getOrDefault(from.address(), 0L);
    nonces.put(from.address(), n + 1);
    return TestChain.call(from, n, TIP, MAX_FEE, GAS, to, Wei.ZERO, data);
  }

  private Receipt send(KeyPair from, Address to, Bytes data) {
    List<Receipt> rs = tc.produce(++time, PROPOSER, List.of(tx(from, to, data))).receipts();
    assertEquals(1, rs.size());
    return rs.get(0);
  }

  private CallSimulator.Simulation ethCall(Address from, Address to, Bytes data) {
    BlockContext ctx = new BlockContext(TestChain.CHAIN_ID, tc.chain().head().number() + 1, time + 1, PROPOSER, BASE, 30_000_000);
    CallRequest req = new CallRequest(Optional.of(from), Optional.of(to), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Wei.ZERO, data, List.of());
    return new CallSimulator(tc.systemContracts()).simulate(tc.chain().latestState(), ctx, req, true);
  }

  private Bytes read(Address to, Bytes data) {
    CallSimulator.Simulation s = ethCall(Address.ZERO, to, data);
    assertTrue(s.success(), () -> "read failed: " + s.revertReason() + s.failure());
    return s.output();
  }

  private UInt256 uint(Address to, String sig, Object... args) {
    return UInt256.fromBytes(Bytes32.wrap(read(to, Abi.call(sig, args))));
  }

  private Address addr(Address to, String sig, Object... args) {
    return new Address(read(to, Abi.call(sig, args)).slice(12, 20));
  }

  private static long intrinsic(Bytes data) {
    return IntrinsicGas.of(data, List.of());
  }

  /** What eth_getCode serves: the registry's lookup at the latest state. */
  private Bytes code(Address a) {
    return tc.systemContracts().lookup(a, tc.chain().latestState()).map(c -> c.code()).orElse(Bytes.EMPTY);
  }

  private Bytes32 createAsset(KeyPair owner, String name, String symbol) {
    Bytes data = Abi.call("createAsset(string,string)", name, symbol);
    Bytes32 expected = DataAssetFactory.assetCount(tc.chain().latestState()).add(UInt256.ONE).toBytes();
    CallSimulator.Simulation sim = ethCall(owner.address(), FACTORY, data);
    assertTrue(sim.success());
    assertEquals(expected, Bytes32.wrap(sim.output()));
    Receipt r = send(owner, FACTORY, data);
    assertTrue(r.success(), () -> "createAsset " + r);
    assertEquals(intrinsic(data) + 2_100 + 7 * 5_000 + 1_000, r.cumulativeGasUsed(), "count, owner, name, symbol, 3 roles");
    assertEquals(List.of(new Log(FACTORY, List.of(DataAssetFactory.ASSET_CREATED_TOPIC, expected,
        Bytes32.leftPad(owner.address().bytes())), Abi.encode(name, symbol))), r.logs());
    return expected;
  }

  private Address createDatatoken(KeyPair owner, Bytes32 asset, String name, String symbol, UInt256 cap, Address minter) {
    Bytes data = Abi.call("createDatatoken(bytes32,string,string,uint256,address)", asset, name, symbol, cap, minter);
    long index = DataAssetFactory.datatokenCount(tc.chain().latestState(), asset);
    Address token = DataMarketAddresses.datatoken(asset, index);
    Receipt r = send(owner, FACTORY, data);
    assertTrue(r.success(), () -> "createDatatoken " + r);
    assertEquals(intrinsic(data) + 2_100 + 8 * 5_000 + 1_000, r.cumulativeGasUsed());
    assertEquals(List.of(new Log(FACTORY, List.of(DataAssetFactory.TOKEN_CREATED_TOPIC, Bytes32.leftPad(token.bytes()),
        Bytes32.leftPad(FACTORY.bytes())), Abi.encode(name, symbol, cap, owner.address()))), r.logs());
    return token;
  }

  @Test
  void assetTwoDatatokensMintAndTransferThroughDerivedAddresses() {
    Bytes32 asset = createAsset(ALICE, "Weather 2026", "WX");
    assertEquals(Bytes32.fromHexString("0x01"), asset);
    assertEquals(ALICE.address(), addr(FACTORY, "assetOwner(bytes32)", asset));
    assertEquals(UInt256.ZERO, uint(FACTORY, "datatokenCount(bytes32)", asset));
    Address dt0 = DataMarketAddresses.datatoken(asset, 0);
    Address dt1 = DataMarketAddresses.datatoken(asset, 1);
    assertEquals(Bytes.EMPTY, code(dt0), "not created yet: no code");

    assertEquals(dt0, createDatatoken(ALICE, asset, "Weather access", "WXA", CAP, ALICE.address()));
    assertEquals(dt1, createDatatoken(ALICE, asset, "Weather bulk", "WXB", ONE.multiply(10), BOB.address()));
    assertEquals(UInt256.valueOf(2), uint(FACTORY, "datatokenCount(bytes32)", asset));
    assertEquals(dt0, addr(FACTORY, "datatokenAt(bytes32,uint256)", asset, 0L));
    assertEquals(dt1, addr(FACTORY, "datatokenAt(bytes32,uint256)", asset, 1L));
    assertFalse(ethCall(Address.ZERO, FACTORY, Abi.call("datatokenAt(bytes32,uint256)", asset, 2L)).success());

    // eth_getCode: non-empty at created datatokens, empty at the next (not created) derived address.
    assertEquals(Bytes.of(0xfe), code(dt0));
    assertEquals(Bytes.of(0xfe), code(dt1));
    assertEquals(Bytes.EMPTY, code(DataMarketAddresses.datatoken(asset, 2)));
    assertEquals(UInt256.ONE, uint(FACTORY, "isDatatoken(address)", dt1));
    assertEquals(UInt256.ZERO, uint(FACTORY, "isDatatoken(address)", DataMarketAddresses.datatoken(asset, 2)));
    // The supply ledger has a non-zero slot 1 (fees burned) but is no datatoken: existence is the factory's registry.
    Address ledger = Address.fromHex("0x0000000000000000000000000000000000001000");
    assertFalse(tc.chain().latestState().storage(ledger, UInt256.ONE.toBytes()).isZero());
    assertEquals(Bytes.EMPTY, code(ledger));

    // Token views through the resolver.
    assertEquals(CAP, uint(dt0, "cap()"));
    assertEquals(ALICE.address(), addr(dt0, "owner()"));
    assertEquals(UInt256.ONE, uint(dt1, "isMinter(address)", BOB.address()));
    assertEquals(UInt256.ZERO, uint(dt1, "isMinter(address)", ALICE.address()));

    // Mint and transfer in later transactions, at the derived addresses.
    Receipt m0 = send(ALICE, dt0, Abi.call("mint(address,uint256)", ALICE.address(), ONE.multiply(5)));
    assertTrue(m0.success());
    assertEquals(dt0, m0.logs().get(0).address());
    Receipt t0 = send(ALICE, dt0, Abi.call("transfer(address,uint256)", CAROL.address(), ONE.multiply(2)));
    assertTrue(t0.success());
    Receipt m1 = send(BOB, dt1, Abi.call("mint(address,uint256)", CAROL.address(), ONE.multiply(10)));
    assertTrue(m1.success());
    Receipt over = send(BOB, dt1, Abi.call("mint(address,uint256)", CAROL.address(), UInt256.ONE));
    assertFalse(over.success(), "cap of the second datatoken is its own");
    Receipt t1 = send(CAROL, dt1, Abi.call("transfer(address,uint256)", BOB.address(), ONE.multiply(4)));
    assertTrue(t1.success());

    assertEquals(ONE.multiply(3), uint(dt0, "balanceOf(address)", ALICE.address()));
    assertEquals(ONE.multiply(2), uint(dt0, "balanceOf(address)", CAROL.address()));
    assertEquals(ONE.multiply(6), uint(dt1, "balanceOf(address)", CAROL.address()));
    assertEquals(ONE.multiply(4), uint(dt1, "balanceOf(address)", BOB.address()));
    // Datatokens are independent: dt0's balances did not see dt1's mint.
    assertEquals(UInt256.ZERO, uint(dt0, "balanceOf(address)", BOB.address()));

    // Survives a restart.
    tc.reopen();
    assertEquals(Bytes.of(0xfe), code(dt1));
    assertEquals(ONE.multiply(10), uint(dt1, "totalSupply()"));
  }

  @Test
  void nonOwnerCreateDatatokenRevertsAndPaysGas() {
    Bytes32 asset = createAsset(ALICE, "Asset", "A");
    Bytes data = Abi.call("createDatatoken(bytes32,string,string,uint256,address)", asset, "DT", "DT", CAP, BOB.address());
    CallSimulator.Simulation sim = ethCall(BOB.address(), FACTORY, data);
    assertFalse(sim.success());
    assertEquals(Optional.of("DataAssetFactory: NOT DATATOKEN DEPLOYER"), sim.revertReason());
    Wei before = tc.balance(BOB.address());
    Receipt r = send(BOB, FACTORY, data);
    assertFalse(r.success());
    long gas = intrinsic(data) + 2_100;
    assertEquals(gas, r.cumulativeGasUsed());
    Wei paid = before.subtract(tc.balance(BOB.address()));
    assertEquals(Wei.of(3_000_000_000L).multiply(gas), paid, "fee at base + tip");
    assertEquals(1, tc.nonce(BOB.address()));
    WorldView s = tc.chain().latestState();
    assertEquals(0, DataAssetFactory.datatokenCount(s, asset));
    assertFalse(DatatokenContract.exists(s, DataMarketAddresses.datatoken(asset, 0)));
    assertEquals(Bytes.EMPTY, code(DataMarketAddresses.datatoken(asset, 0)));

    // Unknown asset, zero cap, bad name: reverts, nothing written.
    Bytes unknown = Abi.call("createDatatoken(bytes32,string,string,uint256,address)", Bytes32.fromHexString("0x99"), "DT", "DT",
        CAP, BOB.address());
    assertEquals(Optional.of("DataAssetFactory: no such asset"), ethCall(ALICE.address(), FACTORY, unknown).revertReason());
    Bytes zeroCap = Abi.call("createDatatoken(bytes32,string,string,uint256,address)", asset, "DT", "DT", UInt256.ZERO,
        BOB.address());
    Receipt rz = send(ALICE, FACTORY, zeroCap);
    assertFalse(rz.success());
    assertEquals(intrinsic(zeroCap) + 2_100, rz.cumulativeGasUsed());
    assertEquals(0, DataAssetFactory.datatokenCount(tc.chain().latestState(), asset));
    BlockContext ctx = new BlockContext(TestChain.CHAIN_ID, tc.chain().head().number() + 1, time + 1, PROPOSER, BASE, 30_000_000);
    CallRequest paying = new CallRequest(Optional.of(ALICE.address()), Optional.of(FACTORY), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Wei.of(1), Abi.call("createAsset(string,string)", "X", "X"), List.of());
    assertEquals(Optional.of("DataAssetFactory: not payable"),
        new CallSimulator(tc.systemContracts()).simulate(tc.chain().latestState(), ctx, paying, false).revertReason());
  }

  @Test
  void assetsAreCountedAndOwnedSeparately() {
    Bytes32 a1 = createAsset(ALICE, "One", "ONE");
    Bytes32 a2 = createAsset(BOB, "Two", "TWO");
    assertNotEquals(a1, a2);
    assertEquals(UInt256.valueOf(2), uint(FACTORY, "assetCount()"));
    assertEquals(BOB.address(), addr(FACTORY, "assetOwner(bytes32)", a2));
    assertEquals(Address.ZERO, addr(FACTORY, "assetOwner(bytes32)", Bytes32.fromHexString("0x03")));
    assertEquals("TWO", Abi.args(read(FACTORY, Abi.call("assetSymbol(bytes32)", a2)), 0).string(0));
    assertEquals("One", Abi.args(read(FACTORY, Abi.call("assetName(bytes32)", a1)), 0).string(0));
    // Alice cannot create under Bob's asset; Bob can.
    Bytes data = Abi.call("createDatatoken(bytes32,string,string,uint256,address)", a2, "DT", "DT", CAP, BOB.address());
    assertFalse(send(ALICE, FACTORY, data).success());
    Address dt = createDatatoken(BOB, a2, "DT", "DT", CAP, BOB.address());
    assertEquals(DataMarketAddresses.datatoken(a2, 0), dt);
    assertNotEquals(DataMarketAddresses.datatoken(a1, 0), dt);
    assertEquals(UInt256.ZERO, uint(FACTORY, "datatokenCount(bytes32)", a1));
  }

  /** A later transaction of the same block already reaches the datatoken (lookup runs on the block's working state). */
  @Test
  void createAndMintInTheSameBlock() {
    Bytes32 asset = createAsset(ALICE, "Asset", "A");
    Address dt = DataMarketAddresses.datatoken(asset, 0);
    List<Transaction> txs = List.of(
        tx(ALICE, dt, Abi.call("mint(address,uint256)", ALICE.address(), ONE)), // before creation: plain transfer
        tx(ALICE, FACTORY, Abi.call("createDatatoken(bytes32,string,string,uint256,address)", asset, "DT", "DT", CAP,
            ALICE.address())),
        tx(ALICE, dt, Abi.call("mint(address,uint256)", BOB.address(), ONE.multiply(3))));
    List<Receipt> rs = tc.produce(++time, PROPOSER, txs).receipts();
    assertEquals(3, rs.size());
    assertTrue(rs.get(0).success());
    assertTrue(rs.get(0).logs().isEmpty(), "no contract there yet");
    assertTrue(rs.get(1).success());
    assertTrue(rs.get(2).success());
    assertEquals(dt, rs.get(2).logs().get(0).address());
    assertEquals(ONE.multiply(3), uint(dt, "totalSupply()"));
    assertEquals(UInt256.ZERO, uint(dt, "balanceOf(address)", ALICE.address()));
  }

  /** Random mints/transfers over two factory-made datatokens: Σ balances = totalSupply ≤ cap for each. */
  @Test
  void conservationOfDatatokens() {
    Bytes32 asset = createAsset(ALICE, "Asset", "A");
    UInt256 cap = ONE.multiply(50);
    Address[] tokens = {
        createDatatoken(ALICE, asset, "T0", "T0", cap, ALICE.address()),
        createDatatoken(ALICE, asset, "T1", "T1", cap, BOB.address())};
    KeyPair[] keys = {ALICE, BOB, CAROL};
    SplittableRandom rnd = new SplittableRandom(42);
    for (int round = 0; round < 12; round++) {
      List<Transaction> txs = new java.util.ArrayList<>();
      for (int k = 0; k < 4; k++) {
        int t = rnd.nextInt(2);
        KeyPair from = keys[rnd.nextInt(3)];
        UInt256 v = ONE.multiply(rnd.nextInt(1, 12));
        Address to = keys[rnd.nextInt(3)].address();
        Bytes data = rnd.nextInt(3) == 0 ? Abi.call("mint(address,uint256)", to, v) : Abi.call("transfer(address,uint256)", to, v);
        txs.add(tx(from, tokens[t], data));
      }
      assertEquals(txs.size(), tc.produce(++time, PROPOSER, txs).receipts().size());
      WorldView s = tc.chain().latestState();
      for (Address token : tokens) {
        UInt256 sum = UInt256.ZERO;
        for (KeyPair kp : keys) {
          sum = sum.add(DatatokenContract.balanceOf(s, token, kp.address()));
        }
        assertEquals(DatatokenContract.totalSupply(s, token), sum);
        assertTrue(sum.compareTo(cap) <= 0);
        assertEquals(sum, uint(token, "totalSupply()"));
      }
    }
    assertTrue(DatatokenContract.totalSupply(tc.chain().latestState(), tokens[0]).compareTo(UInt256.ZERO) > 0
        || DatatokenContract.totalSupply(tc.chain().latestState(), tokens[1]).compareTo(UInt256.ZERO) > 0);
  }
}
