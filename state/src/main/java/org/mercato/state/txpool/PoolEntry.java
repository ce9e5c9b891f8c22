package org.mercato.state.txpool;

import org.mercato.state.tx.Transaction;

/** A pooled transaction and its arrival number, the tie-breaker that keeps block selection deterministic. */
record PoolEntry(Transaction tx, long arrival) {}
