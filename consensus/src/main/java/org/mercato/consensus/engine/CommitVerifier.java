package org.mercato.consensus.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Validator;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.codec.CommitCodec;
import org.mercato.consensus.codec.DecodeOutcome;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.types.Hash;

/**
 * Checks a commit the way block sync must (docs/spec/consensus.md §9): right height and block,
 * every signer in the set, <b>every</b> signature valid (not just enough of them), and the signers'
 * power a quorum. Stateless and thread-safe.
 */
public final class CommitVerifier {
  /** Fewer signatures than this are checked on the caller's thread: handing them out costs more. */
  static final int PARALLEL_MIN = 4;

  private final ChainId chainId;
  private final Secp256k1 curve;
  private final Executor parallel;

  public CommitVerifier(ChainId chainId, Secp256k1 curve) {
    this(chainId, curve, Runnable::run);
  }

  /** {@code parallel} checks the signatures of a commit concurrently (work it refuses runs on the caller). */
  public CommitVerifier(ChainId chainId, Secp256k1 curve, Executor parallel) {
    this.chainId = chainId;
    this.curve = curve;
    this.parallel = Objects.requireNonNull(parallel);
  }

  /** {@code commit} decides {@code block} at {@code height} under {@code validators} (the set of that height). */
  public CommitCheck verify(Commit commit, Height height, Hash block, ValidatorSet validators) {
    if (!commit.height().equals(height)) {
      return new CommitCheck.Invalid(CommitCheck.Reason.WRONG_HEIGHT, "commit for " + commit.height() + ", expected " + height);
    }
    if (!commit.value().equals(block)) {
      return new CommitCheck.Invalid(CommitCheck.Reason.WRONG_BLOCK, "commit for " + commit.value() + ", expected " + block);
    }
    List<Vote> votes = new ArrayList<>();
    List<Validator> members = new ArrayList<>();
    Vote previous = null;
    for (Vote v : commit.precommits()) {
      if (previous != null && previous.validator().equals(v.validator())) {
        continue; // counted once (the codec already refuses duplicates)
      }
      previous = v;
      Validator member = validators.find(v.validator()).orElse(null);
      if (member == null) {
        return new CommitCheck.Invalid(CommitCheck.Reason.UNKNOWN_VALIDATOR, v.validator() + " is not in the set");
      }
      votes.add(v);
      members.add(member);
    }
    boolean[] valid = checkSignatures(votes, members);
    long power = 0;
    for (int i = 0; i < votes.size(); i++) {
      if (!valid[i]) { // the first bad one in commit order, whatever order the checks finished in
        return new CommitCheck.Invalid(CommitCheck.Reason.BAD_SIGNATURE, "precommit of " + votes.get(i).validator());
      }
      power += members.get(i).votingPower();
    }
    if (!validators.isQuorum(power)) {
      return new CommitCheck.Invalid(CommitCheck.Reason.INSUFFICIENT_POWER,
          "power " + power + " of " + validators.totalPower() + ", quorum " + validators.quorum());
    }
    return new CommitCheck.Valid(commit);
  }

  /** Every signature, in parallel chunks when there are enough of them; result i belongs to vote i. */
  private boolean[] checkSignatures(List<Vote> votes, List<Validator> members) {
    boolean[] valid = new boolean[votes.size()];
    if (votes.size() < PARALLEL_MIN) {
      for (int i = 0; i < votes.size(); i++) {
        valid[i] = votes.get(i).verify(chainId, members.get(i), curve);
      }
      return valid;
    }
    List<CompletableFuture<Void>> checks = new ArrayList<>(votes.size());
    for (int i = 0; i < votes.size(); i++) {
      int k = i;
      Runnable check = () -> valid[k] = votes.get(k).verify(chainId, members.get(k), curve);
      CompletableFuture<Void> f;
      try {
        f = CompletableFuture.runAsync(check, parallel);
      } catch (RejectedExecutionException busy) {
        check.run();
        f = CompletableFuture.completedFuture(null);
      }
      checks.add(f);
    }
    CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).join(); // join publishes valid[]
    return valid;
  }

  /**
   * Checks the {@code lastCommit} carried by {@code next}: it must decide {@code next}'s parent at
   * height {@code next.number() - 1} under {@code parentValidators} (the set of that height). For
   * block 1 the field must be empty.
   */
  public CommitCheck verifyLastCommit(BlockHeader next, ValidatorSet parentValidators) {
    Bytes raw = next.lastCommit();
    if (next.number() <= 1) {
      return raw.isEmpty() ? new CommitCheck.NotRequired()
          : new CommitCheck.Invalid(CommitCheck.Reason.UNEXPECTED_COMMIT, "block " + next.number() + " carries a commit");
    }
    DecodeOutcome<Commit> decoded = CommitCodec.decode(raw);
    if (decoded instanceof DecodeOutcome.Failed<Commit> f) {
      return new CommitCheck.Invalid(CommitCheck.Reason.UNDECODABLE, f.error() + ": " + f.detail());
    }
    return verify(decoded.orElseThrow(), Height.of(next.number() - 1), next.parentHash(), parentValidators);
  }

  /** Decodes and checks commit bytes (e.g. a block sync peer's seen commit) for (height, block). */
  public CommitCheck verify(Bytes commitBytes, Height height, Hash block, ValidatorSet validators) {
    DecodeOutcome<Commit> decoded = CommitCodec.decode(commitBytes);
    if (decoded instanceof DecodeOutcome.Failed<Commit> f) {
      return new CommitCheck.Invalid(CommitCheck.Reason.UNDECODABLE, f.error() + ": " + f.detail());
    }
    return verify(decoded.orElseThrow(), height, block, validators);
  }
}
