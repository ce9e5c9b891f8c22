package org.mercato.state.exec;

import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/** What execution may know about the block it runs in. Time is the header's, never the wall clock. */
public record BlockContext(long chainId, long number, long timestamp, Address proposer, Wei baseFee, long gasLimit) {}
