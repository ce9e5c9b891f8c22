package org.mercato.market.data.provider;

import org.mercato.state.world.WorldView;

/**
 * A committed state with the block it belongs to: every check of one request reads this one snapshot, and time is the
 * block's timestamp, never the provider's wall clock.
 */
public record LedgerState(long headNumber, long headTimestamp, WorldView state) {}
