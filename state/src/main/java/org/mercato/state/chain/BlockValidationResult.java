package org.mercato.state.chain;

import java.util.Optional;

/** A validated, executed block ready to commit, or the typed reason it is invalid. */
public record BlockValidationResult(Optional<ExecutedBlock> block, Optional<BlockValidity> invalidity, String detail) {
  public static BlockValidationResult valid(ExecutedBlock b) {
    return new BlockValidationResult(Optional.of(b), Optional.empty(), "");
  }

  public static BlockValidationResult invalid(BlockValidity why, String detail) {
    return new BlockValidationResult(Optional.empty(), Optional.of(why), detail);
  }

  public boolean isValid() {
    return block.isPresent();
  }
}
