package org.mercato.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.statemachine.RoundState;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.codec.ConsensusMessage;
import org.mercato.consensus.privval.CorruptLockRecordException;
import org.mercato.consensus.privval.LockRecord;
import org.mercato.consensus.privval.LockRecordStore;
import org.mercato.state.block.Block;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * The lock across restarts with real engines, chains and files (docs/spec/consensus.md §8.1). One
 * validator runs; the others are scripted: their signed proposals and votes are handed to it. A
 * "restart" is a new engine over the same chain, signing record and lock record, as after kill -9.
 */
class LockAcrossRestartTest {
  private static final Height H1 = Height.of(1);
  private static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000000cc");

  @TempDir Path dir;

  /** The scripted height: proposers of rounds 0 and 1, and the block each would propose. */
  private record Script(Cluster c, Cluster.Node node, int me, int p0, int p1, Block v, Block w) {
    void deliver(byte[] bytes) {
      node.engine.onMessage(bytes);
      c.scheduler.runDue();
    }

    void prevote(int from, int round, Hash value) {
      deliver(Cluster.CODEC.encodeVote(c.vals.prevote(from, H1, round, value)).toArrayUnsafe());
    }

    void precommit(int from, int round, Hash value) {
      deliver(Cluster.CODEC.encodeVote(c.vals.precommit(from, H1, round, value)).toArrayUnsafe());
    }

    byte[] proposal(int from, int round, Block block, int validRound) {
      Proposal p = c.vals.signer(from).proposal(H1, Round.of(round), block.hash(), Round.of(validRound));
      return Cluster.CODEC.encodeProposal(p, block).toArrayUnsafe();
    }

    List<ConsensusMessage> mine() {
      return c.ownBy(me).stream().map(Cluster.Sent::message).toList();
    }

    void restart() {
      node.engine.close();
      node.engine = node.newEngine();
      node.engine.start();
      c.scheduler.runDue();
    }

    /** Others validators of the set, in index order, but {@code me}. */
    List<Integer> others() {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < c.nodes.length; i++) {
        if (i != me) {
          out.add(i);
        }
      }
      return out;
    }

    /** Round 0: p0 proposes v, two others prevote it with us: we lock on v and precommit it. */
    void lockOnVInRound0() {
      node.startAndReceive(proposal(p0, 0, v, -1));
      List<Integer> voters = others();
      prevote(voters.get(0), 0, v.hash());
      prevote(voters.get(1), 0, v.hash());
      assertEquals(List.of(VoteType.PREVOTE, VoteType.PRECOMMIT),
          mine().stream().map(m -> ((ConsensusMessage.VoteMessage) m).vote().type()).toList());
      assertEquals(Optional.of(v.hash()), lastVote().value(), "precommitted v");
    }

    Vote lastVote() {
      List<ConsensusMessage> m = mine();
      return ((ConsensusMessage.VoteMessage) m.get(m.size() - 1)).vote();
    }
  }

  /** {@code me} is the proposer of round {@code meProposes} (or of round 2 when -1). */
  private Script script(Cluster c, int meProposes) {
    int p0 = c.vals.proposerIndex(0);
    int p1 = c.vals.proposerIndex(1);
    int me = c.vals.proposerIndex(meProposes < 0 ? 2 : meProposes);
    c.silenceAllBut(me);
    Cluster.Node node = c.nodes[me];
    Transaction tx = TestChain.transfer(TestChain.KEYS.get(0), 0, Wei.of(1_000_000_000L), Wei.of(50_000_000_000L), SINK,
        Wei.of(1_000));
    Block v = node.chain.chain().propose(2_000_000, c.vals.validator(p0).address(), Bytes.EMPTY, List.of(tx)).block();
    Block w = node.chain.chain().propose(2_000_001, c.vals.validator(p1).address(), Bytes.EMPTY, List.of()).block();
    assertFalse(v.hash().equals(w.hash()));
    return new Script(c, node, me, p0, p1, v, w);
  }

  @Test
  void aRestartedValidatorKeepsItsLockAndPrevotesNilForAnotherValue() {
    try (Cluster c = new Cluster(dir, 4)) {
      Script s = script(c, -1);
      List<Optional<LockRecord>> onDiskWhenPrecommitLeft = new ArrayList<>();
      c.onSend = sent -> {
        if (sent.message() instanceof ConsensusMessage.VoteMessage vm && vm.vote().type() == VoteType.PRECOMMIT) {
          onDiskWhenPrecommitLeft.add(s.node.lockStore().load());
        }
      };
      s.lockOnVInRound0();
      LockRecord lock = onDiskWhenPrecommitLeft.get(0).orElseThrow(() -> new AssertionError("precommit sent before its lock was saved"));
      assertEquals(Optional.of(s.v.hash()), lock.lockedValue());
      assertEquals(Round.ZERO, lock.lockedRound());

      s.restart();
      RoundState st = s.node.engine.roundState();
      assertEquals(Optional.of(s.v.hash()), st.lockedValue(), "the lock survived the restart");
      assertEquals(Round.ZERO, st.lockedRound());
      assertEquals(Optional.of(s.v.hash()), st.validValue());
      assertEquals(Round.ZERO, st.validRound());
      assertEquals(Round.of(1), st.round());

      // Round 1's proposer proposes w afresh, with no polka for it: a locked validator prevotes nil.
      s.deliver(s.proposal(s.p1, 1, s.w, -1));
      Vote prevote = s.lastVote();
      assertEquals(VoteType.PREVOTE, prevote.type());
      assertEquals(Round.of(1), prevote.round());
      assertEquals(Optional.empty(), prevote.value(), "w is valid, but we are locked on v");
    }
  }

  @Test
  void withoutTheLockRecordARestartedValidatorWouldPrevoteAnotherValue() throws IOException {
    try (Cluster c = new Cluster(dir, 4)) {
      Script s = script(c, -1);
      s.lockOnVInRound0();
      Files.delete(s.node.lockStore().file()); // the gap §8.1 closes: a node that keeps only its signing record

      s.restart();
      assertEquals(Round.NIL, s.node.engine.roundState().lockedRound());
      s.prevote(s.p0, 1, null);
      s.prevote(s.p1, 1, null); // f+1 in round 1: skip there
      s.deliver(s.proposal(s.p1, 1, s.w, -1));
      Vote prevote = s.lastVote();
      assertEquals(Round.of(1), prevote.round());
      assertEquals(Optional.of(s.w.hash()), prevote.value(), "amnesia: the algorithm forbids this after precommitting v");
    }
  }

  @Test
  void aRestartedProposerReProposesItsValidBlockAndCommitsIt() {
    try (Cluster c = new Cluster(dir, 4)) {
      Script s = script(c, 1); // we propose round 1
      s.lockOnVInRound0();
      s.restart();

      List<ConsensusMessage> mine = s.mine();
      // Its last messages: the re-proposal, then (the polka came back with the lock, L28) its prevote for it.
      ConsensusMessage.ProposalMessage re = assertInstanceOf(ConsensusMessage.ProposalMessage.class, mine.get(mine.size() - 2));
      Vote prevote = assertInstanceOf(ConsensusMessage.VoteMessage.class, mine.get(mine.size() - 1)).vote();
      assertEquals(Round.of(1), prevote.round());
      assertEquals(Optional.of(s.v.hash()), prevote.value(), "L28: the restored polka of round 0 lets it prevote its re-proposal");
      assertEquals(Round.of(1), re.proposal().round());
      assertEquals(Round.ZERO, re.proposal().validRound(), "L16: validValue with validRound");
      assertEquals(s.v.hash(), re.proposal().value());
      assertEquals(s.v.hash(), re.block().hash(), "the block from the lock record, not a new build");
      assertEquals(s.v.transactions(), re.block().transactions());

      // The round-0 precommits of the other three arrive: we decide v with the recorded proposal and commit the recorded block.
      for (int i : s.others()) {
        s.precommit(i, 0, s.v.hash());
      }
      assertEquals(1, s.node.head());
      assertEquals(s.v.hash(), s.node.chain.chain().headHash());
    }
  }

  @Test
  void aLockRecordOfADecidedHeightIsIgnored() {
    try (Cluster c = new Cluster(dir, 4)) {
      Script s = script(c, -1);
      s.lockOnVInRound0();
      List<Integer> voters = s.others();
      s.precommit(voters.get(0), 0, s.v.hash());
      s.precommit(voters.get(1), 0, s.v.hash());
      assertEquals(1, s.node.head(), "v decided and committed");

      s.restart();
      RoundState st = s.node.engine.roundState();
      assertEquals(Height.of(2), st.height().orElseThrow());
      assertEquals(Round.NIL, st.lockedRound(), "height 1's lock says nothing about height 2");
      assertEquals(Optional.empty(), st.validValue());
      assertEquals(Round.ZERO, st.round());
      assertEquals(H1, s.node.lockStore().load().orElseThrow().height(), "the stale record stays until the next lock replaces it");
    }
  }

  @Test
  void aCorruptLockRecordStopsTheValidator() throws IOException {
    try (Cluster c = new Cluster(dir, 4)) {
      Script s = script(c, -1);
      s.lockOnVInRound0();
      Path file = s.node.lockStore().file();
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x40;
      Files.write(file, bytes);
      int sentBefore = s.mine().size();

      s.node.engine.close();
      s.node.engine = s.node.newEngine();
      s.node.engine.start();
      assertThrows(CorruptLockRecordException.class, c.scheduler::runDue);
      c.scheduler.advance(java.time.Duration.ofSeconds(30));
      assertEquals(sentBefore, s.mine().size(), "nothing signed or sent");
      assertTrue(s.node.engine.roundState().height().isEmpty(), "no height started");
    }
  }

  @Test
  void aLockRecordWhoseProposalIsNotItsValueStopsTheValidator() throws IOException {
    try (Cluster c = new Cluster(dir, 4)) {
      Script s = script(c, -1);
      s.lockOnVInRound0();
      LockRecord good = s.node.lockStore().load().orElseThrow();
      // Well-formed and checksummed, but it names v while carrying round 1's proposal of w.
      s.node.lockStore().save(new LockRecord(good.chainId(), good.height(), good.lockedRound(), good.lockedValue(),
          good.validRound(), good.validValue(), Bytes.wrap(s.proposal(s.p1, 1, s.w, -1))));

      s.node.engine.close();
      s.node.engine = s.node.newEngine();
      s.node.engine.start();
      CorruptLockRecordException e = assertThrows(CorruptLockRecordException.class, c.scheduler::runDue);
      assertTrue(e.getMessage().contains("is not its valid value"), e.getMessage());
    }
  }

  @Test
  void aLockThatCannotBeSavedKeepsItsPrecommitAndEverythingAfterIn() {
    try (Cluster c = new Cluster(dir, 4)) {
      Script s = script(c, -1);
      s.node.locks = new LockRecordStore() {
        @Override
        public Optional<LockRecord> load() {
          return Optional.empty();
        }

        @Override
        public void save(LockRecord record) throws IOException {
          throw new IOException("disk full");
        }
      };
      s.node.engine.close();
      s.node.engine = s.node.newEngine();
      s.node.startAndReceive(s.proposal(s.p0, 0, s.v, -1));
      List<Integer> voters = s.others();
      s.prevote(voters.get(0), 0, s.v.hash());
      s.prevote(voters.get(1), 0, s.v.hash());
      assertEquals(1, s.mine().size(), "only the prevote left: the precommit waited for a lock that was never saved");
      assertEquals(Optional.of(s.v.hash()), s.node.engine.roundState().lockedValue(), "locked in memory all the same");
      c.scheduler.advance(java.time.Duration.ofSeconds(30));
      assertEquals(1, s.mine().size(), "and nothing after it");
      assertEquals(1, s.node.lockFailures.size());
      assertTrue(s.node.lockFailures.get(0).contains("disk full"), s.node.lockFailures.toString());
    }
  }
}
