package org.mercato.state.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.state.block.Log;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.exec.CallResult;
import org.mercato.state.exec.SystemCall;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;

/**
 * A small system contract for tests of the native-contract seam. ABI:
 * <pre>
 *   function add(uint256 amount)      // counter += amount; emits Added(address indexed by, uint256 total)
 *   function total() view returns (uint256)
 *   function fail(string reason)      // always reverts with reason, after writing (the write must vanish)
 * </pre>
 * Gas: 1,000 per call + 5,000 per storage write.
 */
public final class CounterContract implements SystemContract {
  public static final Address ADDRESS = Address.fromHex("0x000000000000000000000000000000000000c0de");
  public static final Bytes ADD = selector("add(uint256)");
  public static final Bytes TOTAL = selector("total()");
  public static final Bytes FAIL = selector("fail(string)");
  public static final Bytes32 ADDED_TOPIC = Keccak.hash(ascii("Added(address,uint256)")).bytes();
  public static final long CALL_GAS = 1_000;
  public static final long WRITE_GAS = 5_000;
  private static final Bytes32 SLOT = Bytes32.ZERO;

  @Override
  public Address address() {
    return ADDRESS;
  }

  @Override
  public CallResult call(SystemCall call, WorldUpdater world) {
    Bytes in = call.input();
    if (in.size() < 4) {
      return CallResult.revert(CALL_GAS, "no function selector");
    }
    Bytes sel = in.slice(0, 4);
    if (sel.equals(TOTAL)) {
      return CallResult.success(CALL_GAS, world.storage(ADDRESS, SLOT), List.of());
    }
    if (sel.equals(ADD)) {
      if (in.size() != 4 + 32) {
        return CallResult.revert(CALL_GAS, "add(uint256): bad arguments");
      }
      UInt256 total = UInt256.fromBytes(world.storage(ADDRESS, SLOT)).add(UInt256.fromBytes(in.slice(4, 32)));
      world.putStorage(ADDRESS, SLOT, total.toBytes());
      Log log = new Log(ADDRESS, List.of(ADDED_TOPIC, Bytes32.leftPad(call.caller().bytes())), total.toBytes());
      return CallResult.success(CALL_GAS + WRITE_GAS, Bytes.EMPTY, List.of(log));
    }
    if (sel.equals(FAIL)) {
      world.putStorage(ADDRESS, SLOT, UInt256.valueOf(999_999).toBytes());
      return CallResult.revert(CALL_GAS + WRITE_GAS, "failed on purpose");
    }
    return CallResult.revert(CALL_GAS, "unknown function selector " + sel.toHexString());
  }

  /** The counter's value in {@code state} (what {@code total()} returns). */
  public static UInt256 total(org.mercato.state.world.WorldView state) {
    return UInt256.fromBytes(state.storage(ADDRESS, SLOT));
  }

  public static Bytes addCall(long amount) {
    return Bytes.concatenate(ADD, UInt256.valueOf(amount).toBytes());
  }

  static Bytes selector(String signature) {
    return Keccak.hash(ascii(signature)).bytes().slice(0, 4);
  }

  private static Bytes ascii(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }
}
