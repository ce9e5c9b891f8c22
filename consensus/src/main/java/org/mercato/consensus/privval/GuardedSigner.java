package org.mercato.consensus.privval;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.SignBytes;
import org.mercato.consensus.bft.types.SignRefusal;
import org.mercato.consensus.bft.types.SignResult;
import org.mercato.consensus.bft.types.ValidatorSigner;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * Double-sign protection (docs/spec/consensus.md, "Double-sign protection"): wraps a
 * {@link ConsensusSigner} and signs only at a (height, round, step) beyond the last one signed,
 * persisting the new {@link SigningRecord} before the signature leaves. Re-signing the identical
 * message at the last position returns the stored signature; anything else there is a
 * {@link SignRefusal#CONFLICT}, anything before it a {@link SignRefusal#REGRESSION}. If the record
 * cannot be saved, the signer refuses everything from then on ({@link SignRefusal#STORAGE_FAILURE}).
 *
 * <p>Thread-safe: one lock serialises check, sign and save (one writer).
 */
public final class GuardedSigner implements ValidatorSigner {
  private final ConsensusSigner inner;
  private final SigningRecordStore store;
  private Optional<SigningRecord> last;
  private String storageFailure;

  /**
   * Loads the record from {@code store}. A damaged record, or one of another chain, throws
   * {@link CorruptSigningRecordException}: the node must not start signing then.
   */
  public GuardedSigner(ConsensusSigner inner, SigningRecordStore store) {
    this.inner = Objects.requireNonNull(inner);
    this.store = Objects.requireNonNull(store);
    this.last = store.load();
    last.ifPresent(r -> {
      if (!r.chainId().equals(inner.chainId())) {
        throw new CorruptSigningRecordException("signing record is for chain " + r.chainId() + ", not " + inner.chainId());
      }
    });
  }

  /** The last signed record, if any. */
  public synchronized Optional<SigningRecord> lastSigned() {
    return last;
  }

  @Override
  public Address address() {
    return inner.address();
  }

  @Override
  public ChainId chainId() {
    return inner.chainId();
  }

  @Override
  public Secp256k1 curve() {
    return inner.curve();
  }

  @Override
  public synchronized SignResult<Vote> signVote(VoteType type, Height height, Round round, Optional<Hash> value) {
    Hash digest = Keccak.hash(SignBytes.vote(inner.chainId(), type, height, round, value));
    Decision d = decide(height.value(), round.value(), SignStep.of(type), digest);
    if (d.refusal != null) {
      return SignResult.refused(d.refusal, d.detail);
    }
    if (d.reuse != null) {
      return SignResult.signed(new Vote(type, height, round, value, inner.address(), d.reuse));
    }
    Vote vote = inner.vote(type, height, round, value);
    Optional<String> failed = persist(new SigningRecord(inner.chainId(), height.value(), round.value(), SignStep.of(type), digest,
        vote.signature()));
    return failed.isPresent() ? SignResult.refused(SignRefusal.STORAGE_FAILURE, failed.get()) : SignResult.signed(vote);
  }

  @Override
  public synchronized SignResult<Proposal> signProposal(Height height, Round round, Hash value, Round validRound) {
    Hash digest = Keccak.hash(SignBytes.proposal(inner.chainId(), height, round, value, validRound));
    Decision d = decide(height.value(), round.value(), SignStep.PROPOSAL, digest);
    if (d.refusal != null) {
      return SignResult.refused(d.refusal, d.detail);
    }
    if (d.reuse != null) {
      return SignResult.signed(new Proposal(height, round, value, validRound, inner.address(), d.reuse));
    }
    Proposal p = inner.proposal(height, round, value, validRound);
    Optional<String> failed = persist(new SigningRecord(inner.chainId(), height.value(), round.value(), SignStep.PROPOSAL, digest,
        p.signature()));
    return failed.isPresent() ? SignResult.refused(SignRefusal.STORAGE_FAILURE, failed.get()) : SignResult.signed(p);
  }

  /** Refuse, reuse the stored signature, or (both null) sign afresh. */
  private record Decision(SignRefusal refusal, String detail, Signature reuse) {}

  private Decision decide(long h, int r, SignStep step, Hash digest) {
    if (storageFailure != null) {
      return new Decision(SignRefusal.STORAGE_FAILURE, storageFailure, null);
    }
    if (last.isEmpty()) {
      return new Decision(null, null, null);
    }
    SigningRecord rec = last.get();
    int c = rec.comparePosition(h, r, step);
    String at = "(h=" + h + ", r=" + r + ", " + step + ")";
    String lastAt = "(h=" + rec.height() + ", r=" + rec.round() + ", " + rec.step() + ")";
    if (c > 0) {
      return new Decision(SignRefusal.REGRESSION, at + " is before the last signed " + lastAt, null);
    }
    if (c == 0) {
      if (rec.signBytesHash().equals(digest)) {
        return new Decision(null, null, rec.signature());
      }
      return new Decision(SignRefusal.CONFLICT, "already signed different sign bytes at " + at, null);
    }
    return new Decision(null, null, null);
  }

  private Optional<String> persist(SigningRecord next) {
    try {
      store.save(next);
      last = Optional.of(next);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // The file may hold the old or the new record: refuse from now on rather than guess.
      storageFailure = "signing record could not be saved: " + e;
      return Optional.of(storageFailure);
    }
  }
}
