package org.mercato.state.chain;

import java.util.List;
import org.mercato.state.block.Block;
import org.mercato.state.block.Receipt;
import org.mercato.state.exec.BlockExecution;
import org.mercato.state.world.PreparedState;

/**
 * A block whose execution is known: its receipts and its prepared (computed, not yet written) state.
 * Produced by proposing or validating, consumed by committing: consensus decides between the two.
 */
public record ExecutedBlock(Block block, List<Receipt> receipts, PreparedState state, BlockExecution execution) {
  public ExecutedBlock {
    receipts = List.copyOf(receipts);
  }
}
