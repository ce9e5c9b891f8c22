package org.mercato.p2p.sync;

import java.util.Optional;
import org.mercato.p2p.sync.SyncMessage.SyncBlock;
import org.mercato.state.block.Block;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.tx.Transaction;

/** Where the server reads canonical blocks from: normally {@link #of(ChainStore)}. */
@FunctionalInterface
public interface BlockSource {
  Optional<SyncBlock> block(long number);

  static BlockSource of(ChainStore store) {
    return number -> store.canonicalHash(number)
        .flatMap(store::block)
        .map((Block b) -> new SyncBlock(b.header(), b.transactions().stream().map(Transaction::encoded).toList(),
            b.evidence()));
  }
}
