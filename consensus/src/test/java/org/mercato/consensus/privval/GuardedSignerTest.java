package org.mercato.consensus.privval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.statemachine.Input;
import org.mercato.consensus.bft.statemachine.Output;
import org.mercato.consensus.bft.statemachine.TendermintMachine;
import org.mercato.consensus.bft.statemachine.TimeoutConfig;
import org.mercato.consensus.bft.statemachine.TimeoutStep;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.SignRefusal;
import org.mercato.consensus.bft.types.SignResult;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.types.Hash;

class GuardedSignerTest {
  private static final TestValidators VALS = TestValidators.withPowers(1, 1, 1, 1);
  private static final Hash X = TestValidators.value("x");
  private static final Hash Y = TestValidators.value("y");
  private static final Height H5 = Height.of(5);

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("privval_state");
  }

  private GuardedSigner guard() {
    return new GuardedSigner(VALS.signer(0), new FileSigningRecordStore(file()));
  }

  private static Vote signed(SignResult<Vote> r) {
    return assertInstanceOf(SignResult.Signed.class, r, () -> "refused: " + r).message() instanceof Vote v ? v : null;
  }

  private static SignRefusal refusal(SignResult<?> r) {
    return assertInstanceOf(SignResult.Refused.class, r, () -> "signed: " + r).reason();
  }

  private static SignResult<Vote> prevote(GuardedSigner g, long h, int r, Hash v) {
    return g.signVote(VoteType.PREVOTE, Height.of(h), Round.of(r), Optional.ofNullable(v));
  }

  private static SignResult<Vote> precommit(GuardedSigner g, long h, int r, Hash v) {
    return g.signVote(VoteType.PRECOMMIT, Height.of(h), Round.of(r), Optional.ofNullable(v));
  }

  @Test
  void signsForwardAndPersistsBeforeReleasing() {
    GuardedSigner g = guard();
    assertFalse(Files.exists(file()));
    Vote v = signed(prevote(g, 5, 0, X));
    assertTrue(Files.exists(file()), "the record is on disk once the signature is out");
    assertEquals(VALS.signer(0).vote(VoteType.PREVOTE, H5, Round.ZERO, Optional.of(X)), v);
    SigningRecord rec = new FileSigningRecordStore(file()).load().orElseThrow();
    assertEquals(5, rec.height());
    assertEquals(SignStep.PREVOTE, rec.step());
    assertEquals(v.signature(), rec.signature());
    signed(precommit(g, 5, 0, X));
    signed(prevote(g, 5, 1, null));
    signed(prevote(g, 6, 0, Y));
    assertFalse(Files.exists(dir.resolve("privval_state.tmp")));
  }

  @Test
  void refusesRegressionOfHeightRoundOrStep() {
    GuardedSigner g = guard();
    signed(precommit(g, 5, 2, X));
    assertEquals(SignRefusal.REGRESSION, refusal(prevote(g, 5, 2, X)), "prevote after precommit at the same (h, r)");
    assertEquals(SignRefusal.REGRESSION, refusal(precommit(g, 5, 1, X)), "lower round");
    assertEquals(SignRefusal.REGRESSION, refusal(precommit(g, 4, 9, X)), "lower height");
    assertEquals(SignRefusal.REGRESSION,
        refusal(g.signProposal(H5, Round.of(2), X, Round.NIL)), "proposal after votes in the round");
  }

  @Test
  void sameStepConflictIsRefusedButIdenticalReturnsTheSameSignature() {
    GuardedSigner g = guard();
    Vote first = signed(prevote(g, 5, 0, X));
    assertEquals(SignRefusal.CONFLICT, refusal(prevote(g, 5, 0, Y)));
    assertEquals(SignRefusal.CONFLICT, refusal(prevote(g, 5, 0, null)), "nil is a value too");
    assertEquals(first, signed(prevote(g, 5, 0, X)));
  }

  @Test
  void proposalThenVotesInTheSameRoundAndConflictingProposalRefused() {
    GuardedSigner g = guard();
    SignResult<Proposal> p = g.signProposal(H5, Round.of(1), X, Round.NIL);
    assertInstanceOf(SignResult.Signed.class, p);
    assertEquals(p, g.signProposal(H5, Round.of(1), X, Round.NIL));
    assertEquals(SignRefusal.CONFLICT, refusal(g.signProposal(H5, Round.of(1), Y, Round.NIL)));
    assertEquals(SignRefusal.CONFLICT, refusal(g.signProposal(H5, Round.of(1), X, Round.ZERO)), "another valid round");
    signed(prevote(g, 5, 1, X));
  }

  @Test
  void aRestartedSignerRefusesAConflictingVoteFromTheFile() {
    Vote first = signed(precommit(guard(), 7, 3, X));
    GuardedSigner restarted = guard();
    assertEquals(7, restarted.lastSigned().orElseThrow().height());
    assertEquals(SignRefusal.CONFLICT, refusal(precommit(restarted, 7, 3, Y)));
    assertEquals(SignRefusal.CONFLICT, refusal(precommit(restarted, 7, 3, null)));
    assertEquals(SignRefusal.REGRESSION, refusal(prevote(restarted, 7, 3, X)));
    assertEquals(first, signed(precommit(restarted, 7, 3, X)), "the identical vote again: the stored signature");
    signed(prevote(restarted, 7, 4, Y));
  }

  @Test
  void aCorruptFileIsDetectedAndNothingIsSigned() throws IOException {
    signed(prevote(guard(), 5, 0, X));
    byte[] good = Files.readAllBytes(file());

    byte[] flipped = good.clone();
    flipped[10] ^= 0x01;
    Files.write(file(), flipped);
    assertThrows(CorruptSigningRecordException.class, this::guard);

    Files.write(file(), java.util.Arrays.copyOf(good, good.length - 1));
    assertThrows(CorruptSigningRecordException.class, this::guard);

    Files.write(file(), new byte[0]);
    assertThrows(CorruptSigningRecordException.class, this::guard);

    Files.write(file(), "{\"height\": 5}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThrows(CorruptSigningRecordException.class, this::guard);

    Files.write(file(), good);
    assertEquals(SignRefusal.CONFLICT, refusal(prevote(guard(), 5, 0, Y)), "the intact file works again");
  }

  @Test
  void aRecordOfAnotherChainIsRefusedAtStart() {
    signed(prevote(guard(), 5, 0, X));
    ConsensusSigner otherChain = new ConsensusSigner(new ChainId("other-chain"), VALS.keys.get(0), TestValidators.CURVE);
    assertThrows(CorruptSigningRecordException.class, () -> new GuardedSigner(otherChain, new FileSigningRecordStore(file())));
  }

  @Test
  void aFailedSaveReleasesNoSignatureAndStopsSigning() {
    AtomicBoolean fail = new AtomicBoolean(false);
    FileSigningRecordStore disk = new FileSigningRecordStore(file());
    SigningRecordStore flaky = new SigningRecordStore() {
      @Override
      public Optional<SigningRecord> load() {
        return disk.load();
      }

      @Override
      public void save(SigningRecord record) throws IOException {
        if (fail.get()) {
          throw new IOException("disk full");
        }
        disk.save(record);
      }
    };
    GuardedSigner g = new GuardedSigner(VALS.signer(0), flaky);
    signed(prevote(g, 5, 0, X));
    fail.set(true);
    assertEquals(SignRefusal.STORAGE_FAILURE, refusal(precommit(g, 5, 0, X)));
    fail.set(false);
    assertEquals(SignRefusal.STORAGE_FAILURE, refusal(prevote(g, 6, 0, X)), "stays refused until an operator restarts");
    assertEquals(SignStep.PREVOTE, disk.load().orElseThrow().step());
  }

  @Test
  void recordFileRoundTrips() {
    Vote v = VALS.signer(1).vote(VoteType.PRECOMMIT, H5, Round.of(300), Optional.of(X));
    SigningRecord r = new SigningRecord(TestValidators.CHAIN, 5, 300, SignStep.PRECOMMIT, v.digest(TestValidators.CHAIN), v.signature());
    assertEquals(r, SigningRecord.fromFileBytes(r.toFileBytes()));
    assertArrayEquals(r.toFileBytes(), SigningRecord.fromFileBytes(r.toFileBytes()).toFileBytes());
  }

  /** The machine with a guard that already prevoted X at (1, 0): its timeout's nil prevote is refused, not sent. */
  @Test
  void theMachineSendsNothingTheGuardRefuses() {
    int me = VALS.proposerIndex(0) == 0 ? 1 : 0;
    GuardedSigner g = new GuardedSigner(VALS.signer(me), new FileSigningRecordStore(file()));
    signed(prevote(g, 1, 0, X));
    TendermintMachine m = new TendermintMachine(g, TimeoutConfig.DEFAULT);
    m.apply(new Input.StartHeight(TestValidators.H1, VALS.set, VALS.priorities));
    List<Output> out = m.apply(new Input.Timeout(TimeoutStep.PROPOSE, TestValidators.H1, Round.ZERO));
    assertTrue(out.stream().noneMatch(o -> o instanceof Output.BroadcastVote), out.toString());
    Output.SigningRefused refused = (Output.SigningRefused) out.stream().filter(o -> o instanceof Output.SigningRefused)
        .findFirst().orElseThrow();
    assertEquals(SignRefusal.CONFLICT, refused.reason());
  }
}
