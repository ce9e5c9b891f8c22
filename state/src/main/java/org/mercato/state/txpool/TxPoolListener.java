package org.mercato.state.txpool;

import org.mercato.state.tx.Transaction;

/**
 * Told of each transaction the pool admits (pending or queued, including replacements), on the
 * adding thread, after the pool's lock is released. Must be quick and must not throw: gossip only
 * enqueues.
 */
public interface TxPoolListener {
  void transactionAdded(Transaction tx);
}
