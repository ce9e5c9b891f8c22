package org.mercato.consensus.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.types.Hash;

/**
 * This node's own signed messages, as sent, for the catch-up re-broadcast (docs/spec/consensus.md
 * §10 "Catch-up"): of the current height the latest proposal and the votes of the {@value #ROUNDS}
 * latest rounds this node voted in; of the previous height only our precommit in its commit and, if
 * we proposed the decided block, that proposal (a node still at that height needs them to decide).
 * Bounded: two proposals and {@code 2 × ROUNDS + 1} votes. Consensus thread only.
 */
final class OwnMessages {
  /** Votes of this many latest rounds are kept. */
  static final int ROUNDS = 2;

  private byte[] proposal;
  private int proposalRound = -1;
  private Hash proposalValue;
  /** round → (prevote, precommit); a null slot is a vote not sent. TreeMap: rounds in order. */
  private final TreeMap<Integer, byte[][]> votes = new TreeMap<>();
  private byte[] decidedPrecommit; // ours, in the commit of the height just decided (null if we were not in it)
  private byte[] decidedProposal;  // ours, of the value just decided (null if another validator proposed it)
  private byte[] previousPrecommit; // the same two, once the next height has started
  private byte[] previousProposal;

  void proposal(Round round, Hash value, byte[] encoded) {
    if (round.value() >= proposalRound) {
      proposal = encoded;
      proposalRound = round.value();
      proposalValue = value;
    }
  }

  void vote(Round round, VoteType type, byte[] encoded) {
    votes.computeIfAbsent(round.value(), r -> new byte[2][])[type == VoteType.PREVOTE ? 0 : 1] = encoded;
    while (votes.size() > ROUNDS) {
      votes.pollFirstEntry();
    }
  }

  /**
   * What to send again, in a fixed order: our proposal and precommit of the previous height, the
   * proposal, then the votes by round, prevote before precommit.
   */
  List<byte[]> toResend() {
    List<byte[]> out = new ArrayList<>();
    if (previousProposal != null) {
      out.add(previousProposal);
    }
    if (previousPrecommit != null) {
      out.add(previousPrecommit);
    }
    if (proposal != null) {
      out.add(proposal);
    }
    for (Map.Entry<Integer, byte[][]> e : votes.entrySet()) {
      for (byte[] v : e.getValue()) {
        if (v != null) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /** The height decided {@code value}; {@code ourPrecommit} is our vote in its commit, or null. */
  void decided(Hash value, byte[] ourPrecommit) {
    decidedPrecommit = ourPrecommit;
    decidedProposal = value.equals(proposalValue) ? proposal : null;
  }

  /** A new height: of the old one only our commit precommit and our proposal of its block are kept (if it was decided). */
  void nextHeight() {
    previousPrecommit = decidedPrecommit;
    previousProposal = decidedProposal;
    decidedPrecommit = null;
    decidedProposal = null;
    proposal = null;
    proposalRound = -1;
    proposalValue = null;
    votes.clear();
  }
}
