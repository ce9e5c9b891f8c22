package org.mercato.market.data.order;

import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * One order in the ledger of {@code 0x…1004} (docs/spec/data-market.md §Orders), keyed by the hash of the transaction
 * that created it.
 *
 * @param orderedAt block timestamp of the order (seconds)
 * @param validUntil block timestamp (seconds) until which, inclusive, the order gives access; 0 = never expires
 */
public record Order(Hash orderTx, Bytes32 assetId, Address datatoken, Address consumer, Address payer, long serviceIndex,
    long orderedAt, long blockNumber, long validUntil) {

  /** Whether the order still gives access at block time {@code timestamp}: {@code validUntil == 0 || timestamp ≤ validUntil}. */
  public boolean validAt(long timestamp) {
    return validUntil == 0 || timestamp <= validUntil;
  }
}
