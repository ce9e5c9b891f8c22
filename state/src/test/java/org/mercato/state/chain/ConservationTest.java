package org.mercato.state.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.exec.SupplyLedger;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.AccessListEntry;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionRejection;
import org.mercato.state.tx.TransactionType;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldView;

/**
 * Coin conservation over many blocks of randomized traffic (all three envelopes, varied fees,
 * successful, reverting and out-of-gas system calls, underpriced and over-gas candidates that must
 * be skipped), checked to the wei after every block against an independent model of balances.
 */
class ConservationTest {
  private static final int SENDERS = 6;
  private static final int BLOCKS = 40;
  private static final long BLOCK_GAS = 250_000; // small: blocks fill, base fee moves, some candidates do not fit
  private static final Wei INITIAL_BASE_FEE = Wei.of(1_000_000_000L);
  private static final Wei MIN_BASE_FEE = Wei.of(200_000_000L);
  private static final List<Address> PROPOSERS = List.of(
      Address.fromHex("0x00000000000000000000000000000000000000a1"),
      Address.fromHex("0x00000000000000000000000000000000000000a2"));
  private static final List<Address> STRANGERS = List.of(
      Address.fromHex("0x00000000000000000000000000000000000000b1"),
      Address.fromHex("0x00000000000000000000000000000000000000b2"),
      Address.fromHex("0x00000000000000000000000000000000000000b3"));
  private static final long ADD_GAS = CounterContract.CALL_GAS + CounterContract.WRITE_GAS;

  @TempDir Path dir;

  enum Kind { TRANSFER, ADD, FAIL, OUT_OF_GAS, UNDERPRICED }

  /** A candidate and what the test expects of it if it is included. */
  record Planned(Transaction tx, Kind kind, boolean expectSuccess, long expectGasUsed) {}

  @Test
  void balancesPlusBurnedEqualSupplyAfterEveryBlock() {
    Random rnd = new Random(0x5eed_c0deL);
    Map<Address, Wei> alloc = TestChain.fund(SENDERS, 1_000);
    try (TestChain tc = TestChain.open(dir, TestChain.params(BLOCK_GAS, INITIAL_BASE_FEE, MIN_BASE_FEE, alloc),
        new CounterContract())) {
      Blockchain chain = tc.chain();
      Wei genesisSupply = alloc.values().stream().reduce(Wei.ZERO, Wei::add);

      // The independent model: expected balances and nonces of every address the traffic can touch.
      Map<Address, BigInteger> model = new TreeMap<>();
      Set<Address> tracked = new TreeSet<>(alloc.keySet());
      tracked.addAll(PROPOSERS);
      tracked.addAll(STRANGERS);
      tracked.add(CounterContract.ADDRESS);
      tracked.add(SupplyLedger.ADDRESS);
      tracked.forEach(a -> model.put(a, alloc.getOrDefault(a, Wei.ZERO).value()));
      Map<Address, Long> nonces = new HashMap<>();
      BigInteger burnedModel = BigInteger.ZERO;
      checkConservation(chain.latestState(), tracked, genesisSupply);
      assertEquals(genesisSupply, SupplyLedger.genesisSupply(chain.latestState()));

      Map<Kind, Integer> includedByKind = new EnumMap<>(Kind.class);
      Map<TransactionType, Integer> includedByType = new EnumMap<>(TransactionType.class);
      int skippedForGas = 0;
      Set<Wei> baseFees = new HashSet<>();

      for (int n = 1; n <= BLOCKS; n++) {
        Wei base = chain.nextBaseFee();
        baseFees.add(base);
        List<Planned> plan = plan(rnd, base, nonces, tracked);
        Map<Transaction, Planned> byTx = new HashMap<>();
        plan.forEach(p -> byTx.put(p.tx(), p));
        Address proposer = PROPOSERS.get(n % 2);
        Wei proposerBefore = tc.balance(proposer);
        Wei burnedBefore = SupplyLedger.burned(chain.latestState());

        ExecutedBlock b = tc.produce(1_000 + n, proposer, plan.stream().map(Planned::tx).toList());
        BlockHeader h = b.block().header();
        assertEquals(base, h.baseFee());
        List<Transaction> included = b.block().transactions();
        List<Receipt> receipts = b.receipts();
        assertEquals(included.size(), receipts.size());
        skippedForGas += (int) b.execution().skipped().stream()
            .filter(s -> s.reason() == TransactionRejection.GAS_LIMIT_EXCEEDS_BLOCK).count();
        for (var s : b.execution().skipped()) {
          if (byTx.get(s.transaction()).kind() == Kind.UNDERPRICED) {
            assertEquals(TransactionRejection.FEE_CAP_BELOW_BASE_FEE, s.reason());
          }
        }

        BigInteger tips = BigInteger.ZERO;
        BigInteger burns = BigInteger.ZERO;
        long previousCumulative = 0;
        for (int i = 0; i < included.size(); i++) {
          Transaction tx = included.get(i);
          Planned p = byTx.get(tx);
          assertFalse(p.kind() == Kind.UNDERPRICED, "a fee cap below the base fee was included");
          Receipt r = receipts.get(i);
          long gasUsed = r.cumulativeGasUsed() - previousCumulative;
          previousCumulative = r.cumulativeGasUsed();
          assertEquals(p.expectSuccess(), r.success(), p.kind() + " status");
          assertEquals(p.expectGasUsed(), gasUsed, p.kind() + " gas used");
          assertEquals(tx.type(), r.type());

          BigInteger price = expectedPrice(tx, base);
          BigInteger fee = price.multiply(BigInteger.valueOf(gasUsed));
          // The sender pays exactly value (if the call succeeded) + gasUsed * effective price.
          BigInteger paid = fee.add(r.success() ? tx.value().value() : BigInteger.ZERO);
          model.merge(tx.sender(), paid.negate(), BigInteger::add);
          if (r.success()) {
            model.merge(tx.to().orElseThrow(), tx.value().value(), BigInteger::add);
          }
          tips = tips.add(price.subtract(base.value()).multiply(BigInteger.valueOf(gasUsed)));
          burns = burns.add(base.value().multiply(BigInteger.valueOf(gasUsed)));
          nonces.merge(tx.sender(), 1L, Long::sum);
          includedByKind.merge(p.kind(), 1, Integer::sum);
          includedByType.merge(tx.type(), 1, Integer::sum);
        }
        assertEquals(previousCumulative, h.gasUsed());
        model.merge(proposer, tips, BigInteger::add);
        burnedModel = burnedModel.add(burns);

        WorldView s = chain.latestState();
        assertEquals(proposerBefore.add(new Wei(tips)), s.accountOrEmpty(proposer).balance(),
            "block " + n + ": the proposer gets exactly the tips");
        assertEquals(burnedBefore.add(new Wei(burns)), SupplyLedger.burned(s), "block " + n + ": burned grows by gasUsed * baseFee");
        assertEquals(new Wei(burnedModel), SupplyLedger.burned(s));
        for (Address a : tracked) {
          assertEquals(new Wei(model.get(a)), s.accountOrEmpty(a).balance(), "block " + n + ": balance of " + a);
          assertEquals((long) nonces.getOrDefault(a, 0L), s.accountOrEmpty(a).nonce(), "block " + n + ": nonce of " + a);
        }
        checkConservation(s, tracked, genesisSupply);
      }

      // The same identity holds at every historical block, read through the trie.
      for (long n = 0; n <= BLOCKS; n++) {
        BlockHeader h = chain.store().header(n).orElseThrow();
        checkConservation(tc.chain().stateAt(h), tracked, genesisSupply);
      }

      // The traffic really covered what the test claims to cover.
      for (Kind k : List.of(Kind.TRANSFER, Kind.ADD, Kind.FAIL, Kind.OUT_OF_GAS)) {
        assertTrue(includedByKind.getOrDefault(k, 0) >= 5, "too few included " + k + ": " + includedByKind);
      }
      for (TransactionType t : TransactionType.values()) {
        assertTrue(includedByType.getOrDefault(t, 0) >= 5, "too few included " + t + ": " + includedByType);
      }
      assertTrue(skippedForGas > 0, "no candidate was skipped for the block gas limit");
      assertTrue(baseFees.size() > 5, "the base fee hardly moved: " + baseFees);
      assertTrue(baseFees.contains(MIN_BASE_FEE) || baseFees.stream().anyMatch(f -> f.compareTo(INITIAL_BASE_FEE) > 0),
          "base fee neither rose nor hit the floor: " + baseFees);
    }
  }

  private static void checkConservation(WorldView s, Set<Address> tracked, Wei genesisSupply) {
    BigInteger sum = BigInteger.ZERO;
    for (Address a : tracked) {
      sum = sum.add(s.accountOrEmpty(a).balance().value());
    }
    assertEquals(Wei.ZERO, s.accountOrEmpty(SupplyLedger.ADDRESS).balance(), "the ledger holds no balance");
    assertEquals(genesisSupply, SupplyLedger.genesisSupply(s));
    assertEquals(Wei.ZERO, SupplyLedger.minted(s));
    assertEquals(genesisSupply.add(SupplyLedger.minted(s)).value(), sum.add(SupplyLedger.burned(s).value()),
        "sum of balances + burned = genesis supply + minted");
  }

  /** min(maxFee, baseFee + tip), written out here rather than taken from Transaction. */
  private static BigInteger expectedPrice(Transaction tx, Wei base) {
    return tx.maxFeePerGas().value().min(base.value().add(tx.maxPriorityFeePerGas().value()));
  }

  /** 0–3 transactions per sender from its next nonce, senders interleaved at random (each sender's in nonce order). */
  private static List<Planned> plan(Random rnd, Wei base, Map<Address, Long> nonces, Set<Address> tracked) {
    List<List<Planned>> perSender = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      KeyPair key = TestChain.KEYS.get(i);
      long nonce = nonces.getOrDefault(key.address(), 0L);
      List<Planned> mine = new ArrayList<>();
      int count = rnd.nextInt(4);
      for (int j = 0; j < count; j++) {
        mine.add(plannedTx(rnd, key, nonce + j, base));
      }
      perSender.add(mine);
    }
    List<Planned> out = new ArrayList<>();
    while (perSender.stream().anyMatch(l -> !l.isEmpty())) {
      List<Planned> pick = perSender.get(rnd.nextInt(perSender.size()));
      if (!pick.isEmpty()) {
        out.add(pick.remove(0));
      }
    }
    return out;
  }

  private static Planned plannedTx(Random rnd, KeyPair from, long nonce, Wei base) {
    int roll = rnd.nextInt(100);
    Kind kind = roll < 40 ? Kind.TRANSFER : roll < 62 ? Kind.ADD : roll < 80 ? Kind.FAIL : roll < 95 ? Kind.OUT_OF_GAS : Kind.UNDERPRICED;
    TransactionType type = TransactionType.values()[rnd.nextInt(3)];
    List<AccessListEntry> accessList = type == TransactionType.LEGACY ? List.of() : randomAccessList(rnd);
    Wei value = rnd.nextInt(4) == 0 ? Wei.ZERO : new Wei(BigInteger.valueOf(rnd.nextLong(1, 2_000_000_000_000_000_000L)));
    Address to;
    Bytes data;
    switch (kind) {
      case TRANSFER, UNDERPRICED -> {
        to = rnd.nextInt(3) == 0 ? TestChain.KEYS.get(rnd.nextInt(SENDERS)).address() : STRANGERS.get(rnd.nextInt(STRANGERS.size()));
        data = rnd.nextBoolean() ? Bytes.EMPTY : randomData(rnd);
      }
      case ADD, OUT_OF_GAS -> {
        to = CounterContract.ADDRESS;
        data = CounterContract.addCall(rnd.nextInt(1_000));
      }
      case FAIL -> {
        to = CounterContract.ADDRESS;
        data = TestChain.failCall("reason " + rnd.nextInt(1_000));
      }
      default -> throw new AssertionError();
    }
    long intrinsic = IntrinsicGas.of(data, accessList);
    long gasLimit;
    long expectGas;
    boolean expectSuccess;
    switch (kind) {
      case TRANSFER, UNDERPRICED -> {
        gasLimit = intrinsic + (rnd.nextBoolean() ? 0 : rnd.nextInt(20_000));
        expectGas = intrinsic;
        expectSuccess = true;
      }
      case ADD -> {
        gasLimit = intrinsic + ADD_GAS + (rnd.nextBoolean() ? 0 : rnd.nextInt(20_000));
        expectGas = intrinsic + ADD_GAS;
        expectSuccess = true;
      }
      case FAIL -> {
        gasLimit = intrinsic + ADD_GAS + rnd.nextInt(20_000);
        expectGas = intrinsic + ADD_GAS;
        expectSuccess = false;
      }
      case OUT_OF_GAS -> {
        gasLimit = intrinsic + rnd.nextInt((int) ADD_GAS); // 0 to ADD_GAS - 1 left for the handler
        expectGas = gasLimit;
        expectSuccess = false;
      }
      default -> throw new AssertionError();
    }
    // Fee fields: from exactly the base fee up to three times it; for 1559, a tip that may exceed what the cap allows.
    Wei maxFee = kind == Kind.UNDERPRICED
        ? base.subtract(Wei.of(1 + rnd.nextInt(1_000)))
        : base.add(new Wei(BigInteger.valueOf(rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(base.value().longValueExact() * 2))));
    UnsignedTransaction u = switch (type) {
      case LEGACY -> UnsignedTransaction.legacy(TestChain.CHAIN_ID, nonce, maxFee, gasLimit, to, value, data);
      case ACCESS_LIST -> UnsignedTransaction.accessList(TestChain.CHAIN_ID, nonce, maxFee, gasLimit, to, value, data, accessList);
      case DYNAMIC_FEE -> {
        Wei tip = switch (rnd.nextInt(4)) {
          case 0 -> Wei.ZERO;
          case 1 -> maxFee; // more than maxFee - base: capped
          default -> new Wei(BigInteger.valueOf(rnd.nextLong(maxFee.value().longValueExact() + 1)));
        };
        yield UnsignedTransaction.dynamicFee(TestChain.CHAIN_ID, nonce, tip, maxFee, gasLimit, to, value, data, accessList);
      }
    };
    return new Planned(TestChain.SIGNER.sign(u, from), kind, expectSuccess, expectGas);
  }

  private static List<AccessListEntry> randomAccessList(Random rnd) {
    List<AccessListEntry> out = new ArrayList<>();
    int entries = rnd.nextInt(3);
    for (int i = 0; i < entries; i++) {
      List<Bytes32> keys = new ArrayList<>();
      int k = rnd.nextInt(3);
      for (int j = 0; j < k; j++) {
        keys.add(Bytes32.leftPad(Bytes.ofUnsignedInt(rnd.nextInt(Integer.MAX_VALUE))));
      }
      out.add(new AccessListEntry(STRANGERS.get(rnd.nextInt(STRANGERS.size())), keys));
    }
    return out;
  }

  private static Bytes randomData(Random rnd) {
    byte[] b = new byte[rnd.nextInt(64)];
    rnd.nextBytes(b);
    for (int i = 0; i < b.length; i += 3) {
      b[i] = 0; // some zero bytes too: they cost 4, not 16
    }
    return Bytes.wrap(b);
  }
}
