package org.mercato.state.tx;

import java.util.Optional;
import org.mercato.state.types.Hash;

/**
 * Transactions this node already decoded and whose senders it recovered itself (its pool), looked up
 * by hash, so a block body that carries them is not recovered a second time
 * ({@link TransactionDecoder#decodeAll(java.util.List, java.util.concurrent.Executor, KnownTransactions)}).
 * A sender is still never taken from a peer: only our own earlier recovery is reused.
 */
@FunctionalInterface
public interface KnownTransactions {
  KnownTransactions NONE = hash -> Optional.empty();

  /** The transaction with this hash ({@code keccak256} of its encoding) if we hold it. */
  Optional<Transaction> lookup(Hash hash);
}
