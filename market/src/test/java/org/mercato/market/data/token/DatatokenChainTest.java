package org.mercato.market.data.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.CallRequest;
import org.mercato.state.exec.CallSimulator;
import org.mercato.state.exec.SystemContracts;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldView;

/** The datatoken over a real chain: transactions, receipts, logs, eth_call reads and supply conservation. */
class DatatokenChainTest {
  private static final KeyPair ALICE = TestChain.KEYS.get(0); // creator, asset owner, first minter
  private static final KeyPair BOB = TestChain.KEYS.get(1);
  private static final KeyPair CAROL = TestChain.KEYS.get(2);
  private static final KeyPair DAVE = TestChain.KEYS.get(3);
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Wei BASE = Wei.of(1_000_000_000L);
  private static final Wei TIP = Wei.of(2_000_000_000L);
  private static final Wei MAX_FEE = Wei.of(10_000_000_000L);
  private static final Address DT = DataMarketAddresses.datatoken(Bytes32.fromHexString("0x01"), 0);
  private static final UInt256 ONE = UInt256.valueOf(BigInteger.TEN.pow(18));
  private static final UInt256 CAP = ONE.multiply(1_000);

  @TempDir Path dir;
  private TestChain tc;
  private DatatokenContract token;
  private final Map<Address, Long> nonces = new HashMap<>();
  private long time = 1_000;

  @BeforeEach
  void open() {
    token = new DatatokenContract(DT, ALICE.address());
    tc = TestChain.open(dir, TestChain.params(30_000_000, BASE, BASE, TestChain.fund(4, 100)), token);
    Receipt r = send(ALICE, Abi.call("initialize(string,string,uint256,address,address)", "Weather 2026", "WTH26", CAP,
        ALICE.address(), ALICE.address()));
    assertTrue(r.success(), () -> reason(r));
  }

  @AfterEach
  void close() {
    tc.close();
  }

  // ---- helpers ----

  private Transaction tx(KeyPair from, Bytes data) {
    long n = nonces.getOrDefault(from.address(), 0L);
    nonces.put(from.address(), n + 1);
    return TestChain.call(from, n, TIP, MAX_FEE, 200_000, DT, Wei.ZERO, data);
  }

  private List<Receipt> block(List<Transaction> txs) {
    ExecutedBlock b = tc.produce(++time, PROPOSER, txs);
    assertEquals(txs.size(), b.block().transactions().size());
    return b.receipts();
  }

  private Receipt send(KeyPair from, Bytes data) {
    return block(List.of(tx(from, data))).get(0);
  }

  private CallSimulator.Simulation ethCall(Address from, Bytes data) {
    BlockContext ctx = new BlockContext(TestChain.CHAIN_ID, tc.chain().head().number() + 1, time + 1, PROPOSER, BASE, 30_000_000);
    CallRequest req = new CallRequest(Optional.of(from), Optional.of(DT), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Wei.ZERO, data, List.of());
    return new CallSimulator(new SystemContracts(List.of(token))).simulate(tc.chain().latestState(), ctx, req, true);
  }

  private Bytes read(Bytes data) {
    CallSimulator.Simulation s = ethCall(Address.ZERO, data);
    assertTrue(s.success(), () -> "read failed: " + s.revertReason() + s.failure());
    return s.output();
  }

  private UInt256 uintRead(String sig, Object... args) {
    return UInt256.fromBytes(Bytes32.wrap(read(Abi.call(sig, args))));
  }

  private UInt256 balance(KeyPair k) {
    return uintRead("balanceOf(address)", k.address());
  }

  private String reason(Receipt r) {
    return "receipt " + r;
  }

  /** Reverts with exactly {@code expected}: checked by replaying the call as eth_call on the pre-state. */
  private void assertRevertReason(KeyPair from, Bytes data, String expected) {
    CallSimulator.Simulation s = ethCall(from.address(), data);
    assertFalse(s.success());
    assertEquals(Optional.of(expected), s.revertReason());
  }

  private static Log transferLog(Address from, Address to, UInt256 v) {
    return new Log(DT, List.of(DatatokenContract.TRANSFER_TOPIC, Bytes32.leftPad(from.bytes()), Bytes32.leftPad(to.bytes())), v.toBytes());
  }

  private static long gasOf(List<Receipt> rs, int i) {
    return rs.get(i).cumulativeGasUsed() - (i == 0 ? 0 : rs.get(i - 1).cumulativeGasUsed());
  }

  private static long intrinsic(Bytes data) {
    return IntrinsicGas.of(data, List.of());
  }

  // ---- tests ----

  @Test
  void viewsThroughEthCall() {
    assertEquals(Abi.encode("Weather 2026"), read(Abi.call("name()")));
    assertEquals(Abi.encode("WTH26"), read(Abi.call("symbol()")));
    assertEquals(UInt256.valueOf(18), uintRead("decimals()"));
    assertEquals(CAP, uintRead("cap()"));
    assertEquals(UInt256.ZERO, uintRead("totalSupply()"));
    assertEquals(Abi.encode(ALICE.address()), read(Abi.call("owner()")));
    assertEquals(Abi.encode(true), read(Abi.call("isMinter(address)", ALICE.address())));
    assertEquals(Abi.encode(false), read(Abi.call("isMinter(address)", BOB.address())));
    CallSimulator.Simulation s = ethCall(Address.ZERO, Abi.call("totalSupply()"));
    assertEquals(intrinsic(Abi.call("totalSupply()")) + DatatokenContract.CALL_GAS, s.gasUsed());
  }

  @Test
  void initializeOnlyOnceAndOnlyByCreator() {
    Bytes init = Abi.call("initialize(string,string,uint256,address,address)", "X", "X", CAP, BOB.address(), BOB.address());
    assertRevertReason(ALICE, init, "DatatokenContract: already initialized");
    assertRevertReason(BOB, init, "DatatokenContract: only the asset factory may initialize");
    assertFalse(send(BOB, init).success());
    assertEquals(Abi.encode(ALICE.address()), read(Abi.call("owner()")));
  }

  @Test
  void mintByMinterEmitsTransferFromZero() {
    UInt256 v = ONE.multiply(5);
    Bytes data = Abi.call("mint(address,uint256)", BOB.address(), v);
    Receipt r = send(ALICE, data);
    assertTrue(r.success());
    assertEquals(List.of(transferLog(Address.ZERO, BOB.address(), v)), r.logs());
    assertEquals(intrinsic(data) + 13_100, r.cumulativeGasUsed());
    assertEquals(v, balance(BOB));
    assertEquals(v, uintRead("totalSupply()"));
  }

  @Test
  void mintByNonMinterRevertsPaysGasAndLeavesSupply() {
    Bytes data = Abi.call("mint(address,uint256)", BOB.address(), ONE);
    assertRevertReason(BOB, data, "ERC20Template: NOT MINTER");
    Wei before = tc.balance(BOB.address());
    Receipt r = send(BOB, data);
    assertFalse(r.success());
    assertEquals(List.of(), r.logs());
    long used = intrinsic(data) + DatatokenContract.CALL_GAS;
    assertEquals(used, r.cumulativeGasUsed());
    assertEquals(before.subtract(BASE.add(TIP).multiply(used)), tc.balance(BOB.address()), "gas paid");
    assertEquals(1, tc.nonce(BOB.address()));
    assertEquals(UInt256.ZERO, uintRead("totalSupply()"));
    assertEquals(UInt256.ZERO, balance(BOB));
  }

  @Test
  void capIsEnforced() {
    assertTrue(send(ALICE, Abi.call("mint(address,uint256)", BOB.address(), CAP.subtract(1))).success());
    Bytes two = Abi.call("mint(address,uint256)", BOB.address(), UInt256.valueOf(2));
    assertRevertReason(ALICE, two, "DataTokenTemplate: cap exceeded");
    assertFalse(send(ALICE, two).success());
    assertRevertReason(ALICE, Abi.call("mint(address,uint256)", BOB.address(), UInt256.MAX_VALUE), "DataTokenTemplate: cap exceeded");
    assertTrue(send(ALICE, Abi.call("mint(address,uint256)", CAROL.address(), UInt256.ONE)).success(), "exactly up to the cap");
    assertEquals(CAP, uintRead("totalSupply()"));
    assertFalse(send(ALICE, Abi.call("mint(address,uint256)", CAROL.address(), UInt256.ONE)).success());
    assertEquals(CAP, uintRead("totalSupply()"));
  }

  @Test
  void ownerManagesMinters() {
    Bytes add = Abi.call("addMinter(address)", BOB.address());
    assertRevertReason(CAROL, add, "DatatokenContract: NOT OWNER OR DATATOKEN DEPLOYER");
    assertFalse(send(CAROL, add).success());
    Receipt r = send(ALICE, add);
    assertTrue(r.success());
    assertEquals(intrinsic(add) + 8_100, r.cumulativeGasUsed(), "one slot and Ocean's AddedMinter log");
    assertEquals(DatatokenContract.ADDED_MINTER_TOPIC, r.logs().get(0).topics().get(0));
    assertEquals(Bytes32.leftPad(BOB.address().bytes()), r.logs().get(0).topics().get(1));
    assertEquals(Bytes32.leftPad(ALICE.address().bytes()), r.logs().get(0).topics().get(2));
    assertTrue(send(BOB, Abi.call("mint(address,uint256)", CAROL.address(), ONE)).success());
    assertTrue(send(ALICE, Abi.call("removeMinter(address)", BOB.address())).success());
    assertFalse(send(BOB, Abi.call("mint(address,uint256)", CAROL.address(), ONE)).success());
    assertEquals(ONE, balance(CAROL));
  }

  @Test
  void transferApproveTransferFrom() {
    UInt256 ten = ONE.multiply(10);
    send(ALICE, Abi.call("mint(address,uint256)", BOB.address(), ten));

    Bytes transfer = Abi.call("transfer(address,uint256)", CAROL.address(), ONE.multiply(3));
    assertEquals(Abi.encode(true), ethCall(BOB.address(), transfer).output());
    Receipt t = send(BOB, transfer);
    assertTrue(t.success());
    assertEquals(List.of(transferLog(BOB.address(), CAROL.address(), ONE.multiply(3))), t.logs());
    assertEquals(intrinsic(transfer) + 13_100, t.cumulativeGasUsed());
    assertEquals(ONE.multiply(7), balance(BOB));
    assertEquals(ONE.multiply(3), balance(CAROL));

    assertRevertReason(BOB, Abi.call("transfer(address,uint256)", CAROL.address(), ONE.multiply(8)),
        "ERC20: transfer amount exceeds balance");
    assertRevertReason(BOB, Abi.call("transfer(address,uint256)", Address.ZERO, ONE), "ERC20: transfer to the zero address");

    Bytes approve = Abi.call("approve(address,uint256)", DAVE.address(), ONE.multiply(4));
    Receipt a = send(BOB, approve);
    assertTrue(a.success());
    assertEquals(List.of(new Log(DT, List.of(DatatokenContract.APPROVAL_TOPIC, Bytes32.leftPad(BOB.address().bytes()),
        Bytes32.leftPad(DAVE.address().bytes())), ONE.multiply(4).toBytes())), a.logs());
    assertEquals(intrinsic(approve) + 8_100, a.cumulativeGasUsed());
    assertEquals(ONE.multiply(4), uintRead("allowance(address,address)", BOB.address(), DAVE.address()));

    Bytes tooMuch = Abi.call("transferFrom(address,address,uint256)", BOB.address(), DAVE.address(), ONE.multiply(5));
    assertRevertReason(DAVE, tooMuch, "ERC20: insufficient allowance");
    Bytes from = Abi.call("transferFrom(address,address,uint256)", BOB.address(), CAROL.address(), ONE.multiply(4));
    List<Receipt> rs = block(List.of(tx(DAVE, from), tx(DAVE, tooMuch)));
    assertTrue(rs.get(0).success());
    assertFalse(rs.get(1).success());
    assertEquals(List.of(transferLog(BOB.address(), CAROL.address(), ONE.multiply(4))), rs.get(0).logs());
    assertEquals(intrinsic(from) + 18_100, gasOf(rs, 0));
    assertEquals(UInt256.ZERO, uintRead("allowance(address,address)", BOB.address(), DAVE.address()));
    assertEquals(ONE.multiply(3), balance(BOB));
    assertEquals(ONE.multiply(7), balance(CAROL));

    // An infinite allowance is not spent down.
    send(CAROL, Abi.call("approve(address,uint256)", DAVE.address(), UInt256.MAX_VALUE));
    Bytes pull = Abi.call("transferFrom(address,address,uint256)", CAROL.address(), DAVE.address(), ONE);
    Receipt p = send(DAVE, pull);
    assertTrue(p.success());
    assertEquals(intrinsic(pull) + 13_100, p.cumulativeGasUsed());
    assertEquals(UInt256.MAX_VALUE, uintRead("allowance(address,address)", CAROL.address(), DAVE.address()));
    assertEquals(ONE, balance(DAVE));
    assertEquals(ten, uintRead("totalSupply()"));
  }

  @Test
  void malformedCallsRevert() {
    assertRevertReason(BOB, Bytes.fromHexString("0x12"), "no function selector");
    assertRevertReason(BOB, Bytes.fromHexString("0xdeadbeef"), "unknown function selector 0xdeadbeef");
    Bytes shortArgs = Bytes.concatenate(Abi.selector("transfer(address,uint256)"), Abi.word(CAROL.address()));
    assertEquals(Optional.of("bad arguments: expected 2 words of arguments, got 32 bytes"), ethCall(BOB.address(), shortArgs).revertReason());
    Bytes dirty = Bytes.concatenate(Abi.selector("balanceOf(address)"), Bytes32.fromHexString("0x01" + "00".repeat(31)));
    assertFalse(ethCall(BOB.address(), dirty).success());
    Transaction paid = TestChain.call(BOB, 0, TIP, MAX_FEE, 200_000, DT, Wei.of(1), Abi.call("totalSupply()"));
    Receipt r = block(List.of(paid)).get(0);
    assertFalse(r.success(), "not payable");
    assertEquals(Wei.ZERO, tc.balance(DT));
  }

  /** Random mints, transfers, approvals and pulls, checked against a model; Σ balances == totalSupply ≤ cap after every block. */
  @Test
  void randomSequencesConserveSupply() {
    List<KeyPair> who = List.of(ALICE, BOB, CAROL, DAVE);
    send(ALICE, Abi.call("addMinter(address)", BOB.address()));
    Map<Address, BigInteger> bal = new HashMap<>();
    Map<List<Address>, BigInteger> allow = new HashMap<>();
    Map<Address, Boolean> minter = Map.of(ALICE.address(), true, BOB.address(), true);
    BigInteger supply = BigInteger.ZERO;
    BigInteger cap = CAP.toBigInteger();
    SplittableRandom rnd = new SplittableRandom(7);
    for (int blk = 0; blk < 12; blk++) {
      List<Transaction> txs = new ArrayList<>();
      List<Boolean> expected = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        KeyPair from = who.get(rnd.nextInt(4));
        Address a = from.address();
        Address to = who.get(rnd.nextInt(4)).address();
        Address third = who.get(rnd.nextInt(4)).address();
        BigInteger v = rnd.nextInt(10) == 0 ? cap : BigInteger.valueOf(rnd.nextLong(1, 200)).multiply(BigInteger.TEN.pow(17));
        BigInteger fb = bal.getOrDefault(a, BigInteger.ZERO);
        switch (rnd.nextInt(4)) {
          case 0 -> {
            boolean ok = minter.getOrDefault(a, false) && supply.add(v).compareTo(cap) <= 0;
            if (ok) {
              supply = supply.add(v);
              bal.merge(to, v, BigInteger::add);
            }
            txs.add(tx(from, Abi.call("mint(address,uint256)", to, v)));
            expected.add(ok);
          }
          case 1 -> {
            boolean ok = fb.compareTo(v) >= 0;
            if (ok) {
              bal.put(a, fb.subtract(v));
              bal.merge(to, v, BigInteger::add);
            }
            txs.add(tx(from, Abi.call("transfer(address,uint256)", to, v)));
            expected.add(ok);
          }
          case 2 -> {
            allow.put(List.of(a, to), v);
            txs.add(tx(from, Abi.call("approve(address,uint256)", to, v)));
            expected.add(true);
          }
          default -> { // from pulls from `to` into `third`
            BigInteger al = allow.getOrDefault(List.of(to, a), BigInteger.ZERO);
            BigInteger ob = bal.getOrDefault(to, BigInteger.ZERO);
            boolean ok = al.compareTo(v) >= 0 && ob.compareTo(v) >= 0;
            if (ok) {
              allow.put(List.of(to, a), al.subtract(v));
              bal.put(to, ob.subtract(v));
              bal.merge(third, v, BigInteger::add);
            }
            txs.add(tx(from, Abi.call("transferFrom(address,address,uint256)", to, third, v)));
            expected.add(ok);
          }
        }
      }
      List<Receipt> rs = block(txs);
      assertEquals(expected, rs.stream().map(Receipt::success).toList(), "block " + blk);
      WorldView s = tc.chain().latestState();
      BigInteger sum = BigInteger.ZERO;
      for (KeyPair k : who) {
        BigInteger b = DatatokenContract.balanceOf(s, DT, k.address()).toBigInteger();
        assertEquals(bal.getOrDefault(k.address(), BigInteger.ZERO), b);
        sum = sum.add(b);
        for (KeyPair k2 : who) {
          assertEquals(allow.getOrDefault(List.of(k.address(), k2.address()), BigInteger.ZERO),
              DatatokenContract.allowance(s, DT, k.address(), k2.address()).toBigInteger());
        }
      }
      assertEquals(supply, sum, "Σ balances == totalSupply");
      assertEquals(supply, DatatokenContract.totalSupply(s, DT).toBigInteger());
      assertTrue(supply.compareTo(cap) <= 0);
    }
    assertTrue(supply.signum() > 0, "the sequence did mint");
  }
}
