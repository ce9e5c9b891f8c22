package org.mercato.state.testing;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.state.block.Log;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.exec.CallResult;
import org.mercato.state.exec.ContractResolver;
import org.mercato.state.exec.SystemCall;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * Test fixture for {@link ContractResolver}: a fixed {@link Spawner} at {@link #SPAWNER} whose
 * {@code spawn(uint256 n)} marks the derived address {@link #derived(long) derived(n)} (a non-zero
 * {@link #MARKER} slot in that address's storage); {@link #RESOLVER} serves a {@link Child} at
 * every marked address and nothing elsewhere. Child ABI: {@code add(uint256)} (counter in its own
 * slot 0, emits {@link CounterContract#ADDED_TOPIC}), {@code total()}. Gas as {@link CounterContract}.
 */
public final class DerivedContracts {
  public static final Address SPAWNER = Address.fromHex("0x0000000000000000000000000000000000005a5a");
  public static final Bytes SPAWN = CounterContract.selector("spawn(uint256)");
  public static final Bytes32 MARKER = Keccak.hash(Bytes.wrap("mercato.test.marker".getBytes())).bytes();

  public static final ContractResolver RESOLVER = (address, state) ->
      state.storage(address, MARKER).isZero() ? Optional.empty() : Optional.of(new Child(address));

  private DerivedContracts() {}

  public static Address derived(long n) {
    Bytes32 h = Keccak.hash(Bytes.concatenate(Bytes.wrap("derived".getBytes()), UInt256.valueOf(n).toBytes())).bytes();
    return new Address(h.slice(12, 20));
  }

  public static boolean exists(WorldView state, Address a) {
    return !state.storage(a, MARKER).isZero();
  }

  public static Bytes spawnCall(long n) {
    return Bytes.concatenate(SPAWN, UInt256.valueOf(n).toBytes());
  }

  public static final class Spawner implements SystemContract {
    @Override
    public Address address() {
      return SPAWNER;
    }

    @Override
    public CallResult call(SystemCall call, WorldUpdater world) {
      Bytes in = call.input();
      if (in.size() != 36 || !in.slice(0, 4).equals(SPAWN)) {
        return CallResult.revert(CounterContract.CALL_GAS, "spawn(uint256) only");
      }
      Address child = derived(UInt256.fromBytes(in.slice(4, 32)).toLong());
      if (exists(world, child)) {
        return CallResult.revert(CounterContract.CALL_GAS, "already spawned");
      }
      world.putStorage(child, MARKER, UInt256.ONE.toBytes());
      return CallResult.success(CounterContract.CALL_GAS + CounterContract.WRITE_GAS, Bytes32.leftPad(child.bytes()), List.of());
    }
  }

  /** The contract served at a marked derived address. */
  public record Child(Address address) implements SystemContract {
    @Override
    public CallResult call(SystemCall call, WorldUpdater world) {
      Bytes in = call.input();
      if (in.size() == 4 && in.equals(CounterContract.TOTAL)) {
        return CallResult.success(CounterContract.CALL_GAS, world.storage(address, Bytes32.ZERO), List.of());
      }
      if (in.size() == 36 && in.slice(0, 4).equals(CounterContract.ADD)) {
        UInt256 total = UInt256.fromBytes(world.storage(address, Bytes32.ZERO)).add(UInt256.fromBytes(in.slice(4, 32)));
        world.putStorage(address, Bytes32.ZERO, total.toBytes());
        Log log = new Log(address, List.of(CounterContract.ADDED_TOPIC, Bytes32.leftPad(call.caller().bytes())), total.toBytes());
        return CallResult.success(CounterContract.CALL_GAS + CounterContract.WRITE_GAS, Bytes.EMPTY, List.of(log));
      }
      return CallResult.revert(CounterContract.CALL_GAS, "unknown function");
    }
  }
}
