package org.mercato.state.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.testing.DerivedContracts;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldUpdater;

/** The registry's run-time seam: contracts at derived addresses exist iff their state says so. */
class ContractResolverTest {
  private static final KeyPair ALICE = TestChain.KEYS.get(0);
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Wei BASE = Wei.of(1_000_000_000L);
  @TempDir Path dir;

  @Test
  void fixedListFirstThenResolverByState() {
    SystemContracts reg = new SystemContracts(List.of(new DerivedContracts.Spawner()), DerivedContracts.RESOLVER);
    WorldUpdater w = new WorldUpdater(new WorldUpdater(emptyView()));
    Address child = DerivedContracts.derived(7);
    assertTrue(reg.lookup(DerivedContracts.SPAWNER, w).isPresent());
    assertTrue(reg.lookup(child, w).isEmpty());
    assertTrue(reg.at(child).isEmpty());
    w.putStorage(child, DerivedContracts.MARKER, UInt256.ONE.toBytes());
    assertEquals(Optional.of(child), reg.lookup(child, w).map(SystemContract::address));
    assertTrue(reg.at(child).isEmpty(), "at() stays state-independent");
    assertTrue(SystemContracts.none().lookup(child, w).isEmpty());
  }

  @Test
  void resolverMustAnswerForTheAskedAddress() {
    Address other = Address.fromHex("0x00000000000000000000000000000000000000bb");
    SystemContracts reg = new SystemContracts(List.of(), (a, s) -> Optional.of(new DerivedContracts.Child(other)));
    assertThrows(IllegalStateException.class, () -> reg.lookup(DerivedContracts.derived(1), emptyView()));
  }

  @Test
  void spawnedContractIsCallableInLaterBlocksAndBySimulation() {
    try (TestChain tc = TestChain.open(dir, TestChain.params(30_000_000, BASE, BASE, TestChain.fund(1, 100)),
        DerivedContracts.RESOLVER, new DerivedContracts.Spawner())) {
      Address child = DerivedContracts.derived(3);
      Address never = DerivedContracts.derived(4);
      // Before spawning: a plain account; a call is a value transfer costing only intrinsic gas.
      Bytes add = Bytes.concatenate(CounterContract.ADD, UInt256.valueOf(5).toBytes());
      Receipt r0 = tc.produce(1_001, PROPOSER, List.of(TestChain.call(ALICE, 0, Wei.ZERO, BASE, 100_000, child, Wei.ZERO, add)))
          .receipts().get(0);
      assertTrue(r0.success());
      assertEquals(IntrinsicGas.of(add, List.of()), r0.cumulativeGasUsed());
      Receipt r1 = tc.produce(1_002, PROPOSER, List.of(TestChain.call(ALICE, 1, Wei.ZERO, BASE, 100_000,
          DerivedContracts.SPAWNER, Wei.ZERO, DerivedContracts.spawnCall(3)))).receipts().get(0);
      assertTrue(r1.success());
      Receipt r2 = tc.produce(1_003, PROPOSER, List.of(TestChain.call(ALICE, 2, Wei.ZERO, BASE, 100_000, child, Wei.ZERO, add)))
          .receipts().get(0);
      assertTrue(r2.success());
      assertEquals(IntrinsicGas.of(add, List.of()) + CounterContract.CALL_GAS + CounterContract.WRITE_GAS, r2.cumulativeGasUsed());
      assertEquals(1, r2.logs().size());
      assertEquals(child, r2.logs().get(0).address());
      assertEquals(UInt256.valueOf(5).toBytes(), tc.chain().latestState().storage(child, Bytes32.ZERO));
      // Same lookup for eth_call, and a restart changes nothing.
      tc.reopen();
      BlockContext ctx = new BlockContext(TestChain.CHAIN_ID, tc.chain().head().number() + 1, 1_004, PROPOSER, BASE, 30_000_000);
      CallSimulator sim = new CallSimulator(tc.systemContracts());
      CallSimulator.Simulation s = sim.simulate(tc.chain().latestState(), ctx, read(child), true);
      assertTrue(s.success());
      assertEquals(UInt256.valueOf(5).toBytes(), Bytes32.wrap(s.output()));
      CallSimulator.Simulation none = sim.simulate(tc.chain().latestState(), ctx, read(never), true);
      assertTrue(none.success());
      assertEquals(Bytes.EMPTY, none.output());
      assertFalse(tc.systemContracts().lookup(never, tc.chain().latestState()).isPresent());
    }
  }

  private static CallRequest read(Address to) {
    return new CallRequest(Optional.of(ALICE.address()), Optional.of(to), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Wei.ZERO, CounterContract.TOTAL, List.of());
  }

  private static org.mercato.state.world.WorldView emptyView() {
    return new org.mercato.state.world.WorldView() {
      @Override
      public Optional<org.mercato.state.world.Account> account(Address address) {
        return Optional.empty();
      }

      @Override
      public Bytes32 storage(Address address, Bytes32 slot) {
        return Bytes32.ZERO;
      }
    };
  }
}
