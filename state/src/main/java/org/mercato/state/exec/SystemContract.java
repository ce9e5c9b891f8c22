package org.mercato.state.exec;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;

/**
 * A native contract at a reserved address: the seam every market module plugs into. Calldata and
 * results are Solidity ABI, events are Ethereum logs, so wallets and explorers treat it as a contract.
 *
 * <p>Rules for implementations: deterministic (no clock, no randomness, no HashMap order), state
 * only through {@code world}, gas by the handler's documented schedule, and every rejection a
 * {@link CallResult#revert} with a readable reason rather than an exception.
 */
public interface SystemContract {
  Address address();

  /** A human-readable name, listed by {@code mercato_systemContracts}. Default: the class's simple name. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** Executes a call. Writes go to {@code world}, a child overlay discarded if the result is a failure. */
  CallResult call(SystemCall call, WorldUpdater world);

  /** What eth_getCode returns: non-empty, so tools recognise a contract. Default: the INVALID opcode. */
  default Bytes code() {
    return Bytes.of(0xfe);
  }
}
