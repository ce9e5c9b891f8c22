package org.mercato.state.tx;

import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;

/** One element of an EIP-2930 access list. Mercato runs no EVM, but the list is part of the signed envelope and costs gas. */
public record AccessListEntry(Address address, List<Bytes32> storageKeys) {
  public AccessListEntry {
    storageKeys = List.copyOf(storageKeys);
  }
}
