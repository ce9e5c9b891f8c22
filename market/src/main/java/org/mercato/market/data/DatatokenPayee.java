package org.mercato.market.data;

import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/**
 * Where a datatoken's sale proceeds and collected stock go: its payment collector (the datatoken's storage slot 8,
 * docs/spec/data-market.md §Storage layout; Ocean's {@code getPaymentCollector}), or, while that slot is 0, the
 * datatoken's owner (slot 4). Read straight from the slots so the exchange and the dispenser do not depend on the
 * order in which the asset work adds its own accessor; both read the same two words.
 */
public final class DatatokenPayee {
  private static final Bytes32 SLOT_PAYMENT_COLLECTOR = UInt256.valueOf(8).toBytes();

  private DatatokenPayee() {}

  public static Address of(WorldView w, Address datatoken) {
    Bytes32 word = w.storage(datatoken, SLOT_PAYMENT_COLLECTOR);
    return word.isZero() ? DatatokenContract.owner(w, datatoken) : new Address(word.slice(12, 20));
  }
}
