package org.mercato.consensus.bft.types;

import java.util.Objects;
import java.util.Optional;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * Signs this node's votes and proposals for one chain. Deterministic (RFC 6979). It does not guard
 * against double signing: wrap it in {@code org.mercato.consensus.privval.GuardedSigner}, which
 * persists what it signed and refuses conflicts (docs/spec/consensus.md, "Double-sign protection").
 */
public final class ConsensusSigner implements ValidatorSigner {
  private final ChainId chainId;
  private final KeyPair keys;
  private final Secp256k1 curve;

  public ConsensusSigner(ChainId chainId, KeyPair keys, Secp256k1 curve) {
    this.chainId = Objects.requireNonNull(chainId);
    this.keys = Objects.requireNonNull(keys);
    this.curve = Objects.requireNonNull(curve);
  }

  @Override
  public Address address() {
    return keys.address();
  }

  @Override
  public ChainId chainId() {
    return chainId;
  }

  @Override
  public Secp256k1 curve() {
    return curve;
  }

  public Vote vote(VoteType type, Height height, Round round, Optional<Hash> value) {
    Hash digest = SignBytes.voteDigest(chainId, type, height, round, value);
    return new Vote(type, height, round, value, keys.address(), curve.sign(digest, keys));
  }

  public Proposal proposal(Height height, Round round, Hash value, Round validRound) {
    Hash digest = SignBytes.proposalDigest(chainId, height, round, value, validRound);
    return new Proposal(height, round, value, validRound, keys.address(), curve.sign(digest, keys));
  }

  /** Always signs: no guard. */
  @Override
  public SignResult<Vote> signVote(VoteType type, Height height, Round round, Optional<Hash> value) {
    return SignResult.signed(vote(type, height, round, value));
  }

  /** Always signs: no guard. */
  @Override
  public SignResult<Proposal> signProposal(Height height, Round round, Hash value, Round validRound) {
    return SignResult.signed(proposal(height, round, value, validRound));
  }
}
