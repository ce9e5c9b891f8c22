package org.mercato.market.data.order;

import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.state.types.Address;

/**
 * The provider an order named and what it paid it (docs/spec/data-market.md §Orders, ledger): {@code token} zero and
 * {@code amount} zero when no fee was paid (the Provider's download fee is 0).
 */
public record OrderProviderFee(Address provider, Address token, UInt256 amount) {}
