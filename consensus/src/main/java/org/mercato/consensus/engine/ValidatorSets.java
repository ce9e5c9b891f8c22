package org.mercato.consensus.engine;

import org.mercato.consensus.bft.proposer.ProposerPriorities;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.ValidatorSet;

/**
 * The validator set and proposer priorities of each height. Consensus does not read genesis: the
 * node builds this (today {@link #fixed} from the genesis validators; later staking supplies a
 * provider whose set changes by height, persisting priorities with it).
 */
public interface ValidatorSets {
  /**
   * The set that decides {@code height}. Called from the engine's receiving threads too (a proposal's signer is
   * checked before its block is decoded, consensus.md §9), so it must be thread-safe and cheap.
   */
  ValidatorSet validatorsAt(Height height);

  /** The proposer priorities at {@code height}; they must belong to {@link #validatorsAt}'s set. */
  ProposerPriorities prioritiesAt(Height height);

  /** One set for every height; priorities from genesis (docs/spec/consensus.md §5), advanced and cached. */
  static ValidatorSets fixed(ValidatorSet set) {
    return new ValidatorSets() {
      private long cachedHeight = 1;
      private ProposerPriorities cached = ProposerPriorities.genesis(set);

      @Override
      public ValidatorSet validatorsAt(Height height) {
        return set;
      }

      @Override
      public synchronized ProposerPriorities prioritiesAt(Height height) {
        if (height.value() < cachedHeight) {
          cachedHeight = 1;
          cached = ProposerPriorities.genesis(set);
        }
        while (cachedHeight < height.value()) {
          cached = cached.nextHeight();
          cachedHeight++;
        }
        return cached;
      }
    };
  }
}
