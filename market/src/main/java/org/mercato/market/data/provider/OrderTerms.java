package org.mercato.market.data.provider;

import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * What the provider needs of an order record (docs/spec/data-market.md §Orders): its asset, its consumer and until when
 * it is valid.
 *
 * @param validUntil block timestamp in seconds after which the order no longer grants downloads; 0 = never expires
 */
public record OrderTerms(Hash orderTx, Bytes32 assetId, Address consumer, long validUntil) {
  /** Expired iff {@code validUntil ≠ 0} and the head block's timestamp has reached it. */
  public boolean expiredAt(long headTimestamp) {
    return validUntil != 0 && headTimestamp >= validUntil;
  }
}
