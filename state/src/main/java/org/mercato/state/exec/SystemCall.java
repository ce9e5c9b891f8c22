package org.mercato.state.exec;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * One call into a native system contract: the caller, the value already credited to the contract,
 * ABI calldata, the gas left after intrinsic gas, and whether it is a read-only call (eth_call), in
 * which case the handler must not rely on its writes being kept.
 */
public record SystemCall(Address caller, Wei value, Bytes input, long gasAvailable, boolean readOnly, BlockContext block) {}
