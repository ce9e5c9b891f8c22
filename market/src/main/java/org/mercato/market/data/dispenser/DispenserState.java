package org.mercato.market.data.dispenser;

import java.math.BigInteger;
import org.mercato.state.types.Address;

/** One datatoken's dispenser as stored at {@code 0x…1003} (docs/spec/data-market.md §Dispenser, Storage). */
public record DispenserState(Address datatoken, Address owner, boolean active, BigInteger maxTokens, BigInteger maxBalance,
    Address allowedSwapper) {}
