package org.mercato.market.data.provider;

import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * What the provider needs of an order record (docs/spec/data-market.md §Orders): its asset, its consumer, the provider
 * it named (the signer of its provider fee) and until when it is valid.
 *
 * @param validUntil block timestamp in seconds until which, inclusive, the order grants downloads; 0 = never expires
 */
public record OrderTerms(Hash orderTx, Bytes32 assetId, Address consumer, Address provider, long validUntil) {
  /** Expired iff {@code validUntil ≠ 0} and the head block's timestamp is past it (the ledger's rule, §Orders). */
  public boolean expiredAt(long headTimestamp) {
    return validUntil != 0 && headTimestamp > validUntil;
  }
}
