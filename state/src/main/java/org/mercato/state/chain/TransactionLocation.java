package org.mercato.state.chain;

import org.mercato.state.types.Hash;

/** Where a committed transaction is: its block and its index in that block. */
public record TransactionLocation(Hash blockHash, int index) {}
