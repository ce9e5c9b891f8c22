package org.mercato.state.exec;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * One call into a native system contract: the caller, the value already credited to the contract,
 * ABI calldata, the gas left after intrinsic gas, whether it is a read-only call (eth_call), in
 * which case the handler must not rely on its writes being kept, and the hash of the transaction
 * that carries it ({@link Hash#ZERO} for eth_call), so a contract can key a record by the
 * transaction that created it (a data-market order is found by its transaction hash).
 */
public record SystemCall(
    Address caller, Wei value, Bytes input, long gasAvailable, boolean readOnly, BlockContext block, Hash txHash) {

  /** A call outside any transaction (eth_call, tests). */
  public SystemCall(Address caller, Wei value, Bytes input, long gasAvailable, boolean readOnly, BlockContext block) {
    this(caller, value, input, gasAvailable, readOnly, block, Hash.ZERO);
  }
}
