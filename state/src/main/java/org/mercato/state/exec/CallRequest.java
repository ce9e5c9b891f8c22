package org.mercato.state.exec;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.tx.AccessListEntry;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/** An unsigned call for eth_call and eth_estimateGas: every field optional as in Ethereum's JSON-RPC. */
public record CallRequest(
    Optional<Address> from,
    Optional<Address> to,
    Optional<Long> gas,
    Optional<Wei> gasPrice,
    Optional<Wei> maxFeePerGas,
    Optional<Wei> maxPriorityFeePerGas,
    Wei value,
    Bytes data,
    List<AccessListEntry> accessList) {

  public CallRequest {
    accessList = List.copyOf(accessList);
  }
}
