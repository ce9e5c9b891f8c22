package org.mercato.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Hash;

/**
 * Commit signatures checked in parallel give the sequential verdicts, naming the first bad vote in
 * commit order; a recovery memo lets the consensus thread reuse a recovery done on a receiving thread.
 */
class CommitVerifierTest {
  private static final int N = 7;
  private static final TestValidators VALS = TestValidators.withPowers(1, 1, 1, 1, 1, 1, 1);
  private static final Height H = Height.of(5);
  private static final Hash BLOCK = TestValidators.value("block");

  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void close() {
    pool.shutdownNow();
  }

  private static Commit commit(List<Vote> precommits) {
    return new Commit(H, precommits.get(0).round(), BLOCK, precommits);
  }

  private static List<Vote> precommits() {
    List<Vote> votes = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      votes.add(VALS.precommit(i, H, 0, BLOCK));
    }
    return commit(votes).precommits(); // commit order (by validator address)
  }

  private static Vote withSignatureOf(Vote v, Vote other) {
    return new Vote(v.type(), v.height(), v.round(), v.value(), v.validator(), other.signature());
  }

  @Test
  void parallelChecksGiveTheSequentialVerdictAndNameTheFirstBadVote() {
    CommitVerifier sequential = new CommitVerifier(TestValidators.CHAIN, TestValidators.CURVE);
    CommitVerifier parallel = new CommitVerifier(TestValidators.CHAIN, TestValidators.CURVE, pool);
    List<Vote> good = precommits();
    assertTrue(parallel.verify(commit(good), H, BLOCK, VALS.set).isValid());
    assertTrue(sequential.verify(commit(good), H, BLOCK, VALS.set).isValid());

    for (int bad : new int[] {0, 3, 6}) {
      int other = (bad + 3) % N; // two bad votes: the report names the earlier in commit order
      List<Vote> forged = new ArrayList<>(good);
      forged.set(bad, withSignatureOf(good.get(bad), good.get((bad + 1) % N)));
      forged.set(other, withSignatureOf(good.get(other), good.get(bad)));
      int first = Math.min(bad, other);
      for (CommitVerifier v : List.of(sequential, parallel)) {
        CommitCheck.Invalid invalid = assertInstanceOf(CommitCheck.Invalid.class, v.verify(commit(forged), H, BLOCK, VALS.set));
        assertEquals(CommitCheck.Reason.BAD_SIGNATURE, invalid.reason());
        assertEquals("precommit of " + good.get(first).validator(), invalid.detail());
      }
    }
    // A pool that refuses work: the checks run on the caller, same verdict.
    ExecutorService stopped = Executors.newSingleThreadExecutor();
    stopped.shutdown();
    assertTrue(new CommitVerifier(TestValidators.CHAIN, TestValidators.CURVE, stopped).verify(commit(good), H, BLOCK, VALS.set).isValid());
  }

  /** The real curve, counting the recoveries it performs. */
  private static final class Counting implements Secp256k1 {
    final AtomicInteger recoveries = new AtomicInteger();

    @Override
    public Signature sign(Hash messageHash, PrivateKey key) {
      return TestValidators.CURVE.sign(messageHash, key);
    }

    @Override
    public Optional<Bytes> recoverPublicKey(Hash messageHash, Signature signature) {
      recoveries.incrementAndGet();
      return TestValidators.CURVE.recoverPublicKey(messageHash, signature);
    }

    @Override
    public Bytes publicKey(PrivateKey key) {
      return TestValidators.CURVE.publicKey(key);
    }

    @Override
    public String name() {
      return "counting";
    }
  }

  @Test
  void aPrewarmedSignatureIsNotRecoveredAgainAndTheMemoChangesNoVerdict() {
    Counting counting = new Counting();
    RecoveryMemo memo = new RecoveryMemo(counting, 16);
    List<Vote> good = precommits();
    for (Vote v : good) {
      memo.recoverPublicKey(v.digest(TestValidators.CHAIN), v.signature()); // as the receiving thread does
    }
    assertEquals(N, counting.recoveries.get());
    CommitVerifier verifier = new CommitVerifier(TestValidators.CHAIN, memo, pool);
    assertTrue(verifier.verify(commit(good), H, BLOCK, VALS.set).isValid());
    assertEquals(N, counting.recoveries.get(), "the commit check found every recovery");

    List<Vote> forged = new ArrayList<>(good);
    forged.set(2, withSignatureOf(good.get(2), good.get(4)));
    assertEquals(CommitCheck.Reason.BAD_SIGNATURE,
        assertInstanceOf(CommitCheck.Invalid.class, verifier.verify(commit(forged), H, BLOCK, VALS.set)).reason(),
        "a memoised recovery of another vote's signature still fails for this vote");
    assertTrue(memo.size() <= 16);
    for (int i = 0; i < 40; i++) { // bounded: more recoveries than its capacity
      memo.recoverPublicKey(Hash.wrap(Bytes.repeat((byte) i, 32)), good.get(i % N).signature());
    }
    assertTrue(memo.size() <= 16, "size " + memo.size());
  }
}
