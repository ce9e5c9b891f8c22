package org.mercato.consensus.bft.types;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Hash;

/**
 * The canonical bytes a vote or proposal signs (docs/spec/consensus.md §6): fixed-width big-endian,
 * chain id first. The signature covers {@code keccak256(bytes)}.
 */
public final class SignBytes {
  /** CometBFT's SignedMsgType for a proposal. */
  public static final byte PROPOSAL_TYPE = 0x20;

  private SignBytes() {}

  public static byte[] vote(ChainId chainId, VoteType type, Height height, Round round, Optional<Hash> value) {
    if (round.isNil()) {
      throw new IllegalArgumentException("a vote needs a round >= 0");
    }
    byte[] chain = chainId.bytes();
    ByteBuffer b = ByteBuffer.allocate(1 + chain.length + 1 + 8 + 4 + 1 + (value.isPresent() ? 32 : 0));
    b.put((byte) chain.length).put(chain).put(type.signByte()).putLong(height.value()).putInt(round.value());
    if (value.isPresent()) {
      b.put((byte) 1).put(value.get().bytes().toArrayUnsafe());
    } else {
      b.put((byte) 0);
    }
    return b.array();
  }

  public static byte[] proposal(ChainId chainId, Height height, Round round, Hash value, Round validRound) {
    if (round.isNil()) {
      throw new IllegalArgumentException("a proposal needs a round >= 0");
    }
    byte[] chain = chainId.bytes();
    ByteBuffer b = ByteBuffer.allocate(1 + chain.length + 1 + 8 + 4 + 32 + 4);
    b.put((byte) chain.length).put(chain).put(PROPOSAL_TYPE).putLong(height.value()).putInt(round.value());
    b.put(value.bytes().toArrayUnsafe()).putInt(validRound.value());
    return b.array();
  }

  public static Hash voteDigest(ChainId chainId, VoteType type, Height height, Round round, Optional<Hash> value) {
    return Keccak.hash(vote(chainId, type, height, round, value));
  }

  public static Hash proposalDigest(ChainId chainId, Height height, Round round, Hash value, Round validRound) {
    return Keccak.hash(proposal(chainId, height, round, value, validRound));
  }
}
