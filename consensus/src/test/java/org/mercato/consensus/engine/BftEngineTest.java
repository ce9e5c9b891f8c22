package org.mercato.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.statemachine.TimeoutConfig;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.SignRefusal;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.codec.CodecError;
import org.mercato.consensus.codec.CommitCodec;
import org.mercato.consensus.codec.ConsensusMessage;
import org.mercato.consensus.codec.SignatureBytes;
import org.mercato.state.block.Block;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.txpool.AddResult;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

class BftEngineTest {
  private static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000000cc");
  private static final Duration LIMIT = Duration.ofMinutes(3);

  @TempDir Path dir;

  private static Transaction transfer(int from, long nonce) {
    KeyPair k = TestChain.KEYS.get(from);
    return TestChain.transfer(k, nonce, Wei.of(1_000_000_000L), Wei.of(50_000_000_000L), SINK, Wei.of(1_000 + nonce));
  }

  /** The same transactions in every running node's pool, as transaction gossip would leave them. */
  private static List<Transaction> submit(Cluster c, int count) {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      txs.add(transfer(i % 3, i / 3));
    }
    for (Cluster.Node n : c.nodes) {
      for (Transaction tx : txs) {
        assertEquals(AddResult.Status.PENDING, n.pool.add(tx).status());
      }
    }
    return txs;
  }

  private static void assertSameChain(List<Cluster.Node> nodes, long upTo) {
    for (long h = 1; h <= upTo; h++) {
      Hash expected = nodes.get(0).chain.chain().store().header(h).orElseThrow().hash();
      for (Cluster.Node n : nodes) {
        assertEquals(expected, n.chain.chain().store().header(h).orElseThrow().hash(), "node " + n.index + " at height " + h);
      }
    }
  }

  @Test
  void fourValidatorsCommitTheSameBlocksWithTransactions() {
    try (Cluster c = new Cluster(dir, 4)) {
      List<Transaction> txs = submit(c, 9);
      c.startAll();
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 4), LIMIT), "4 heights within the limit");
      assertSameChain(c.running(), 4);
      long included = c.nodes[0].committed.stream().mapToLong(b -> b.block().transactions().size()).sum();
      assertEquals(txs.size(), included, "every submitted transaction is in a block");
      for (Cluster.Node n : c.nodes) {
        assertEquals(0, n.pool.size(), "pools drained by the commit listener");
        assertEquals(c.nodes[0].chain.balance(SINK), n.chain.balance(SINK));
        assertEquals(List.of(), n.refused);
      }
      assertFalse(c.nodes[0].chain.balance(SINK).equals(Wei.ZERO));
      // Each block's proposer field is the validator that proposed it, and they take turns.
      assertTrue(c.nodes[0].committed.stream().map(b -> b.block().header().proposer()).distinct().count() > 1);
    }
  }

  @Test
  void proposersRespectTheTransactionCapAndTheRestFollowInLaterBlocks() {
    try (Cluster c = new Cluster(dir, 4)) {
      for (Cluster.Node n : c.nodes) {
        n.config = Cluster.CONFIG.withMaxBlockTxs(2);
        n.engine.close();
        n.engine = n.newEngine();
      }
      List<Transaction> txs = submit(c, 9);
      c.startAll();
      assertTrue(c.runUntil(() -> c.nodes[0].committed.stream().mapToLong(b -> b.block().transactions().size()).sum() == txs.size(),
          LIMIT), "every transaction included");
      assertTrue(c.nodes[0].committed.stream().allMatch(b -> b.block().transactions().size() <= 2), "no block above the cap");
      assertTrue(c.nodes[0].committed.size() >= 5, "9 transactions need at least 5 blocks of 2");
    }
  }

  @Test
  void theNextProposerBuildsItsBlockDuringTimeoutCommit() {
    try (Cluster c = new Cluster(dir, 4)) {
      for (Cluster.Node n : c.nodes) {
        n.config = Cluster.CONFIG.withPrebuildLead(Duration.ofMillis(300)); // timeoutCommit is 1 s
        n.engine.close();
        n.engine = n.newEngine();
      }
      c.startAll();
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 1), LIMIT));
      // Block 1 was decided less than 100 ms ago; height 2 starts 1 s after the decision, and its
      // proposer builds at least 300 ms before that. 750 ms later that build is done, height 2 not started.
      c.scheduler.advance(Duration.ofMillis(750));
      assertTrue(c.running().stream().allMatch(n -> n.head() == 1), "height 2 has not been decided yet");
      Transaction late = transfer(0, 0);
      for (Cluster.Node n : c.nodes) {
        assertEquals(AddResult.Status.PENDING, n.pool.add(late).status());
      }
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 3), LIMIT));
      assertEquals(0, c.nodes[0].committed.get(1).block().transactions().size(),
          "block 2 was built before the transaction arrived, though it was pooled when height 2 started");
      assertEquals(List.of(late), c.nodes[0].committed.get(2).block().transactions(), "the next block has it");
      assertSameChain(c.running(), 3);
    }
  }

  @Test
  void withoutBuildingAheadTheBlockHoldsWhatArrivedBeforeItsRound() {
    try (Cluster c = new Cluster(dir, 4)) {
      for (Cluster.Node n : c.nodes) {
        n.config = Cluster.CONFIG.withPrebuildLead(BftConfig.NO_PREBUILD);
        n.engine.close();
        n.engine = n.newEngine();
      }
      c.startAll();
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 1), LIMIT));
      c.scheduler.advance(Duration.ofMillis(750));
      Transaction late = transfer(0, 0);
      for (Cluster.Node n : c.nodes) {
        assertEquals(AddResult.Status.PENDING, n.pool.add(late).status());
      }
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 2), LIMIT));
      assertEquals(List.of(late), c.nodes[0].committed.get(1).block().transactions());
    }
  }

  @Test
  void blockHPlusOneCarriesACommitForHThatVerifies() {
    try (Cluster c = new Cluster(dir, 4)) {
      submit(c, 3);
      c.startAll();
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 3), LIMIT));
      CommitVerifier verifier = c.nodes[0].engine.commitVerifier();
      ValidatorSet set = c.vals.set;
      for (long h = 1; h <= 3; h++) {
        BlockHeader header = c.nodes[1].chain.chain().store().header(h).orElseThrow();
        CommitCheck check = verifier.verifyLastCommit(header, set);
        if (h == 1) {
          assertInstanceOf(CommitCheck.NotRequired.class, check);
          continue;
        }
        Commit commit = assertInstanceOf(CommitCheck.Valid.class, check, check::toString).commit();
        assertEquals(h - 1, commit.height().value());
        assertEquals(header.parentHash(), commit.value());
        assertTrue(set.isQuorum(commit.power(set)));
      }
    }
  }

  @Test
  void verifyCommitChecksPowerAndEverySignature() {
    try (Cluster c = new Cluster(dir, 4)) {
      c.startAll();
      assertTrue(c.runUntil(() -> c.nodes[0].head() >= 1, LIMIT));
      Commit commit = c.nodes[0].commits.get(0);
      Hash block = commit.value();
      Height h1 = Height.of(1);
      CommitVerifier v = c.nodes[0].engine.commitVerifier();
      assertTrue(v.verify(commit, h1, block, c.vals.set).isValid());
      assertTrue(v.verify(CommitCodec.encode(commit), h1, block, c.vals.set).isValid());

      List<Vote> pcs = commit.precommits();
      Commit tooFew = new Commit(h1, commit.round(), block, pcs.subList(0, 2));
      assertEquals(CommitCheck.Reason.INSUFFICIENT_POWER, reason(v.verify(tooFew, h1, block, c.vals.set)));

      // Swap two validators' signatures: power would still count, but every signature is checked.
      List<Vote> forged = new ArrayList<>(pcs);
      Vote a = pcs.get(0);
      Vote b = pcs.get(1);
      forged.set(0, new Vote(a.type(), a.height(), a.round(), a.value(), a.validator(), b.signature()));
      assertEquals(CommitCheck.Reason.BAD_SIGNATURE, reason(v.verify(new Commit(h1, commit.round(), block, forged), h1, block, c.vals.set)));

      assertEquals(CommitCheck.Reason.WRONG_BLOCK, reason(v.verify(commit, h1, Hash.ZERO, c.vals.set)));
      assertEquals(CommitCheck.Reason.WRONG_HEIGHT, reason(v.verify(commit, Height.of(2), block, c.vals.set)));
      ValidatorSet others = org.mercato.consensus.bft.TestValidators.withPowers(1, 1, 1, 1, 1).set;
      assertEquals(CommitCheck.Reason.UNKNOWN_VALIDATOR, reason(v.verify(commit, h1, block, ValidatorSet.of(
          others.validators().stream().filter(x -> !c.vals.set.contains(x.address()) || x.address().equals(pcs.get(1).validator()))
              .toList()))));
      assertEquals(CommitCheck.Reason.UNDECODABLE, reason(v.verify(Bytes.of(1, 2, 3), h1, block, c.vals.set)));
      assertTrue(SignatureBytes.encode(a.signature()).size() == 65);
    }
  }

  private static CommitCheck.Reason reason(CommitCheck c) {
    return assertInstanceOf(CommitCheck.Invalid.class, c, c::toString).reason();
  }

  @Test
  void oneSilentValidatorOfFourDoesNotStopTheOthers() {
    try (Cluster c = new Cluster(dir, 4)) {
      c.silent.add(c.vals.proposerIndex(0)); // the first proposer, so a round must time out
      submit(c, 6);
      c.startAll();
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 4), LIMIT), "3 of 4 keep committing");
      assertSameChain(c.running(), 4);
      assertTrue(c.running().get(0).commits.stream().anyMatch(cm -> cm.round().value() > 0), "a height needed a second round");
      assertEquals(6, c.running().get(0).committed.stream().mapToLong(b -> b.block().transactions().size()).sum());
    }
  }

  @Test
  void twoSilentValidatorsOfFourMeanNoCommit() {
    try (Cluster c = new Cluster(dir, 4)) {
      c.silent.add(0);
      c.silent.add(1);
      c.startAll();
      assertFalse(c.runUntil(() -> c.running().stream().anyMatch(n -> n.head() >= 1), Duration.ofMinutes(2)));
      for (Cluster.Node n : c.running()) {
        assertEquals(0, n.head());
        // Without +2/3 of any prevotes there is no timeoutPrevote (L34): the two wait in prevote, undecided.
        assertTrue(n.engine.roundState().decision().isEmpty(), n.engine.roundState().toString());
      }
      assertTrue(c.sent.stream().noneMatch(s -> s.message() instanceof ConsensusMessage.VoteMessage v
          && v.vote().type() == VoteType.PRECOMMIT && v.vote().value().isPresent()), "no precommit for a block without a polka");
    }
  }

  @Test
  void aRestartedEngineDoesNotSignAConflictingVote() {
    try (Cluster c = new Cluster(dir, 4)) {
      int proposer = c.vals.proposerIndex(0);
      int me = (proposer + 1) % 4;
      c.silenceAllBut(me);
      Cluster.Node node = c.nodes[me];
      // The round-0 proposer's block and proposal, handed to us directly (its own engine is not running).
      ExecutedBlock built = node.chain.chain().propose(2_000_000, c.vals.validator(proposer).address(), Bytes.EMPTY, List.of());
      Block block = built.block();
      byte[] proposal = c.firstProposal(proposer, block);

      node.startAndReceive(proposal);
      List<Cluster.Sent> mine = c.ownBy(me);
      assertEquals(1, mine.size(), mine.toString());
      Vote prevote = ((ConsensusMessage.VoteMessage) mine.get(0).message()).vote();
      assertEquals(VoteType.PREVOTE, prevote.type());
      assertEquals(Optional.of(block.hash()), prevote.value());

      // Crash and restart: a new engine over the same chain and privval file.
      node.engine.close();
      node.engine = node.newEngine();
      node.startAndReceive(proposal);
      mine = c.ownBy(me);
      assertEquals(2, mine.size());
      assertEquals(mine.get(0).bytes(), mine.get(1).bytes(), "the identical prevote, with the stored signature");

      // Restart again; this time no proposal arrives: the propose timeout would prevote nil at (1, 0).
      node.engine.close();
      node.engine = node.newEngine();
      node.engine.start();
      c.scheduler.advance(Duration.ofSeconds(4));
      mine = c.ownBy(me);
      // No second prevote at (1, 0). (A nil precommit there is not a conflict: we never precommitted at
      // (1, 0); the refused prevote still starts the prevote timeout, so the round can move on.)
      assertTrue(mine.stream().skip(2).noneMatch(s -> s.message() instanceof ConsensusMessage.VoteMessage v
          && v.vote().type() == VoteType.PREVOTE && v.vote().round().value() == 0 && v.vote().height().value() == 1),
          "nothing conflicting at (1, 0): " + mine);
      assertFalse(node.refused.isEmpty());
      assertEquals(SignRefusal.CONFLICT, node.refused.get(0).reason());
      assertEquals(Round.ZERO, node.refused.get(0).round());
    }
  }

  @Test
  void aProposalIsDecodedOnTheDecodingPoolNotTheCallersThread() {
    try (Cluster c = new Cluster(dir, 4)) {
      int proposer = c.vals.proposerIndex(0);
      int me = (proposer + 1) % 4;
      c.silenceAllBut(me);
      Cluster.Node node = c.nodes[me];
      Deque<Runnable> decodePool = decodingByHand(node);
      Block block = node.chain.chain().propose(2_000_000, c.vals.validator(proposer).address(), Bytes.EMPTY, thirtyTransfers()).block();
      byte[] proposal = c.firstProposal(proposer, block);
      assertTrue(proposal.length > BftEngine.INLINE_DECODE_BYTES, "a block worth handing off: " + proposal.length);

      node.startAndReceive(proposal);
      assertEquals(1, decodePool.size(), "the proposal waits for the decoding pool");
      assertEquals(List.of(), c.sentBy(me), "nothing handled on the caller's thread");

      decodePool.poll().run();
      node.engine.onMessage(proposal); // a relayed copy while the first waits for the consensus thread
      assertEquals(0, decodePool.size(), "decoded and signed by the proposer it names: a copy is not decoded again");
      c.scheduler.runDue();
      List<Cluster.Sent> mine = c.ownBy(me);
      assertEquals(1, mine.size(), mine.toString());
      Vote prevote = ((ConsensusMessage.VoteMessage) mine.get(0).message()).vote();
      assertEquals(Optional.of(block.hash()), prevote.value(), "decoded off the caller's thread, then prevoted");

      node.engine.onMessage(proposal); // a relayed copy (consensus.md §10 "Relay")
      assertEquals(0, decodePool.size(), "a copy of a proposal whose signature was checked is not decoded again");
    }
  }

  /**
   * docs/spec/consensus.md §9 "Checks before decoding": a proposal its named proposer did not sign, or named
   * by no validator, is refused from its leading fields; its block is never decoded. A forgery naming the real
   * proposer does not shut out the real proposal that follows it.
   */
  @Test
  void aProposalNotSignedByTheValidatorItNamesIsRefusedBeforeItsBlockIsDecoded() {
    try (Cluster c = new Cluster(dir, 4)) {
      int proposer = c.vals.proposerIndex(0);
      int me = (proposer + 1) % 4;
      int other = (proposer + 2) % 4;
      c.silenceAllBut(me);
      Cluster.Node node = c.nodes[me];
      Deque<Runnable> decodePool = decodingByHand(node);
      Block block = node.chain.chain().propose(2_000_000, c.vals.validator(proposer).address(), Bytes.EMPTY, thirtyTransfers()).block();
      Proposal real = c.vals.signer(proposer).proposal(Height.of(1), Round.ZERO, block.hash(), Round.NIL);
      Proposal forged = new Proposal(real.height(), real.round(), real.value(), real.validRound(), real.proposer(),
          c.vals.signer(other).proposal(Height.of(1), Round.ZERO, block.hash(), Round.NIL).signature());
      KeyPair outsider = TestValidators.key(99);
      Proposal byOutsider = new ConsensusSigner(TestValidators.CHAIN, outsider, TestValidators.CURVE)
          .proposal(Height.of(1), Round.ZERO, block.hash(), Round.NIL);

      node.engine.start();
      c.scheduler.runDue();
      node.engine.onMessage(Cluster.CODEC.encodeProposal(forged, block).toArrayUnsafe());
      node.engine.onMessage(Cluster.CODEC.encodeProposal(byOutsider, block).toArrayUnsafe());
      c.scheduler.runDue();
      assertEquals(0, decodePool.size(), "neither block is decoded");
      assertEquals(List.of(CodecError.BAD_SIGNATURE, CodecError.BAD_SIGNATURE), node.invalid);

      node.engine.onMessage(Cluster.CODEC.encodeProposal(real, block).toArrayUnsafe());
      assertEquals(1, decodePool.size(), "the real proposal after the forgery is decoded");
      decodePool.poll().run();
      c.scheduler.runDue();
      List<Cluster.Sent> mine = c.ownBy(me);
      assertEquals(1, mine.size(), mine.toString());
      assertEquals(Optional.of(block.hash()), ((ConsensusMessage.VoteMessage) mine.get(0).message()).vote().value());
    }
  }

  /**
   * docs/spec/consensus.md §9: the sender of a message that does not decode, or that its named validator did not
   * sign, is told so (the node disconnects it); an honest vote tells it nothing, and a junk vote never reaches the
   * vote keeper.
   */
  @Test
  void theSenderOfAnInvalidMessageIsToldWhy() {
    try (Cluster c = new Cluster(dir, 4)) {
      int me = 0;
      Cluster.Node node = c.startAlone(me);
      List<CodecError> told = new ArrayList<>();
      BftEngine.Sender peer = (error, detail) -> told.add(error);

      node.engine.onMessage(Cluster.CODEC.encodeVote(c.vals.prevote(1, Height.of(1), 0, null)).toArrayUnsafe(), peer);
      assertEquals(List.of(), told, "an honest vote");

      node.engine.onMessage(new byte[] {1, 2, 3}, peer);
      Vote byOutsider = new ConsensusSigner(TestValidators.CHAIN, TestValidators.key(99), TestValidators.CURVE)
          .vote(VoteType.PREVOTE, Height.of(1), Round.ZERO, Optional.empty());
      node.engine.onMessage(Cluster.CODEC.encodeVote(byOutsider).toArrayUnsafe(), peer);
      Vote honest = c.vals.prevote(2, Height.of(1), 0, null);
      Vote misnamed = new Vote(honest.type(), honest.height(), honest.round(), honest.value(), c.vals.validator(3).address(),
          honest.signature());
      node.engine.onMessage(Cluster.CODEC.encodeVote(misnamed).toArrayUnsafe(), peer);
      assertEquals(List.of(CodecError.MALFORMED, CodecError.BAD_SIGNATURE, CodecError.BAD_SIGNATURE), told);

      c.scheduler.runDue();
      assertEquals(List.of(CodecError.MALFORMED, CodecError.BAD_SIGNATURE, CodecError.BAD_SIGNATURE), node.invalid,
          "reported to the node's events too");
    }
  }

  /**
   * A proposal of the next height, kept in the buffer until that height starts, stays "on its way": its copies (the
   * other validators' relays) are not decoded again meanwhile (consensus.md §10 "Relay").
   */
  @Test
  void aProposalBufferedForTheNextHeightIsNotDecodedAgainWhileItWaits() {
    try (Cluster c = new Cluster(dir, 4)) {
      int me = 3;
      c.silent.add(me); // the other three decide height 1 and propose the next heights without it
      c.startAll();
      assertTrue(c.runUntil(() -> c.nodes[0].head() >= 1, LIMIT), "height 1 decided by the other three");
      submit(c, 30);
      assertTrue(c.runUntil(() -> c.sent.stream().anyMatch(BftEngineTest::isBigLaterProposal), LIMIT), "a proposal to buffer");
      byte[] proposal = c.sent.stream().filter(BftEngineTest::isBigLaterProposal).findFirst().orElseThrow().bytes().toArray();

      Cluster.Node node = c.nodes[me];
      Deque<Runnable> decodePool = decodingByHand(node);
      node.engine.start();
      c.scheduler.runDue();
      assertEquals(0, node.head(), "still at height 1");
      node.engine.onMessage(proposal);
      assertEquals(1, decodePool.size());
      decodePool.poll().run();
      c.scheduler.runDue(); // buffered: height 2 has not started here
      node.engine.onMessage(proposal); // another validator's relay of it
      assertEquals(0, decodePool.size(), "a copy of a buffered proposal is not decoded again");
    }
  }

  private static boolean signedByWhomItNames(Cluster c, ConsensusMessage m) {
    if (m instanceof ConsensusMessage.VoteMessage v) {
      return c.vals.set.find(v.vote().validator()).map(val -> v.vote().verify(TestValidators.CHAIN, val, TestValidators.CURVE))
          .orElse(false);
    }
    Proposal p = ((ConsensusMessage.ProposalMessage) m).proposal();
    return c.vals.set.find(p.proposer()).map(val -> p.verify(TestValidators.CHAIN, val, TestValidators.CURVE)).orElse(false);
  }

  /** Gives {@code node} a new engine (same chain) whose proposal decoding runs only when the test polls the deque. */
  private static Deque<Runnable> decodingByHand(Cluster.Node node) {
    Deque<Runnable> pool = new ArrayDeque<>();
    node.decoding = new InboundDecoding(pool::add, Runnable::run, node.pool::get);
    node.engine.close();
    node.engine = node.newEngine();
    return pool;
  }

  /** A proposal of height 2 or 3 (buffered by a node still at height 1) decoded off the caller's thread. */
  private static boolean isBigLaterProposal(Cluster.Sent s) {
    return s.message() instanceof ConsensusMessage.ProposalMessage p && p.proposal().height().value() >= 2
        && p.proposal().height().value() <= 3 && s.bytes().size() > BftEngine.INLINE_DECODE_BYTES;
  }

  /**
   * Mutated proposals and votes thrown at a running engine (deterministic fuzzing): nothing escapes, a message is
   * blamed on its sender only if it does not decode or is not signed by the validator it names, and the engine still
   * prevotes the real proposal after. (Not every broken message is blamed: a copy of a proposal already judged, or one
   * of a height out of reach, is dropped unread.)
   */
  @Test
  void mutatedMessagesAreBlamedOnTheirSenderAndTheEngineCarriesOn() {
    try (Cluster c = new Cluster(dir, 4)) {
      int proposer = c.vals.proposerIndex(0);
      int me = (proposer + 1) % 4;
      c.silenceAllBut(me);
      Cluster.Node node = c.nodes[me];
      Block block = node.chain.chain().propose(2_000_000, c.vals.validator(proposer).address(), Bytes.EMPTY, thirtyTransfers()).block();
      byte[] proposal = c.firstProposal(proposer, block);
      List<byte[]> seeds = List.of(proposal, Cluster.CODEC.encodeVote(c.vals.prevote(2 == me ? 3 : 2, Height.of(1), 0, null))
          .toArrayUnsafe());
      node.engine.start();
      c.scheduler.runDue();
      java.util.Random rnd = new java.util.Random(7);
      int undecodable = 0;
      List<CodecError> told = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        byte[] b = seeds.get(i % 2).clone();
        for (int e = 1 + rnd.nextInt(3); e > 0; e--) {
          switch (rnd.nextInt(3)) {
            case 0 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            case 1 -> b = java.util.Arrays.copyOf(b, Math.max(1, b.length - 1 - rnd.nextInt(8)));
            default -> b = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(4));
          }
        }
        var decoded = Cluster.CODEC.decode(Bytes.wrap(b));
        boolean invalid = !decoded.isOk() || !signedByWhomItNames(c, decoded.orElseThrow());
        if (invalid) {
          undecodable++;
        }
        int before = told.size();
        node.engine.onMessage(b, (error, detail) -> told.add(error));
        c.scheduler.runDue();
        assertTrue(told.size() - before <= (invalid ? 1 : 0), "message " + i + ": blamed " + (told.size() - before)
            + " times, invalid: " + invalid);
      }
      assertTrue(undecodable > 300, "most mutations break the message: " + undecodable);
      assertTrue(told.size() > undecodable / 2, "most broken messages are blamed: " + told.size() + " of " + undecodable);

      node.engine.onMessage(proposal);
      c.scheduler.runDue();
      assertTrue(c.ownBy(me).stream().anyMatch(s -> s.message() instanceof ConsensusMessage.VoteMessage vm
          && vm.vote().round().value() == 0 && vm.vote().value().equals(Optional.of(block.hash()))),
          "the real proposal is still prevoted: " + c.ownBy(me));
    }
  }

  /**
   * A proposal the consensus thread drops without judging it (here: a round further ahead than it keeps) must not
   * make its later copies look already handled: when the node reaches that round, a copy is decoded and prevoted.
   */
  @Test
  void aProposalDroppedUnjudgedDoesNotShutOutItsLaterCopies() {
    try (Cluster c = new Cluster(dir, 4)) {
      int proposer2 = c.vals.proposerIndex(2);
      int me = (proposer2 + 1) % 4;
      c.silenceAllBut(me);
      Cluster.Node node = c.nodes[me];
      node.config = new BftConfig(TimeoutConfig.DEFAULT, Duration.ofSeconds(1), 1, 2, 10_000);
      node.engine.close();
      node.engine = node.newEngine();
      Block block = node.chain.chain().propose(2_000_000, c.vals.validator(proposer2).address(), Bytes.EMPTY, thirtyTransfers()).block();
      byte[] proposal = Cluster.CODEC.encodeProposal(c.vals.proposal(proposer2, Height.of(1), 2, block.hash(), -1), block).toArrayUnsafe();

      node.engine.start();
      c.scheduler.runDue();
      node.engine.onMessage(proposal); // round 2 while in round 0: more than one round ahead, dropped
      c.scheduler.runDue();
      for (int round = 1; round <= 2; round++) { // two other validators' prevotes (> 1/3) move it on (round skipping)
        for (int v = 0, sent = 0; v < 4 && sent < 2; v++) {
          if (v != me) {
            node.engine.onMessage(Cluster.CODEC.encodeVote(c.vals.prevote(v, Height.of(1), round, null)).toArrayUnsafe());
            sent++;
          }
        }
        c.scheduler.runDue();
      }
      assertEquals(2, node.engine.roundState().round().value(), "in round 2 now");
      assertTrue(c.ownBy(me).stream().noneMatch(s -> s.message() instanceof ConsensusMessage.VoteMessage vm
          && vm.vote().round().value() == 2), "no round-2 prevote yet: the proposal was dropped");

      node.engine.onMessage(proposal); // a copy (relayed, or re-sent by catch-up)
      c.scheduler.runDue();
      assertTrue(c.ownBy(me).stream().anyMatch(s -> s.message() instanceof ConsensusMessage.VoteMessage vm
          && vm.vote().round().value() == 2 && vm.vote().type() == VoteType.PREVOTE
          && vm.vote().value().equals(Optional.of(block.hash()))), "the copy was decoded and prevoted: " + c.ownBy(me));
    }
  }

  @Test
  void aProposalTheFullDecodingPoolRefusesIsDroppedAndTheRoundTimesOut() {
    try (Cluster c = new Cluster(dir, 4)) {
      int proposer = c.vals.proposerIndex(0);
      int me = (proposer + 1) % 4;
      c.silenceAllBut(me);
      Cluster.Node node = c.nodes[me];
      node.decoding = new InboundDecoding(task -> {
        throw new RejectedExecutionException("full");
      }, Runnable::run, node.pool::get);
      node.engine.close();
      node.engine = node.newEngine();
      Block block = node.chain.chain().propose(2_000_000, c.vals.validator(proposer).address(), Bytes.EMPTY, thirtyTransfers()).block();

      node.startAndReceive(c.firstProposal(proposer, block)); // does not throw
      assertEquals(List.of(), c.ownBy(me));
      c.scheduler.advance(Cluster.CONFIG.timeouts().proposeBase());
      Vote prevote = ((ConsensusMessage.VoteMessage) c.ownBy(me).get(0).message()).vote();
      assertEquals(Optional.empty(), prevote.value(), "no proposal seen: nil prevote on timeout (L57)");
    }
  }

  @Test
  void aProposalOfADecidedHeightIsDroppedBeforeDecoding() {
    try (Cluster c = new Cluster(dir, 4)) {
      int proposer = c.vals.proposerIndex(0);
      int me = (proposer + 1) % 4;
      Cluster.Node node = c.nodes[me];
      // Height 1's proposal of a big block, as a peer would resend it later.
      Block block = node.chain.chain().propose(2_000_000, c.vals.validator(proposer).address(), Bytes.EMPTY, thirtyTransfers()).block();
      byte[] stale = c.firstProposal(proposer, block);
      c.startAll();
      assertTrue(c.runUntil(() -> node.head() >= 1, LIMIT));
      Deque<Runnable> decodePool = decodingByHand(node);
      // Not started yet (the node replays recent messages as consensus starts after block sync): the head decides.
      node.engine.onMessage(stale);
      assertEquals(0, decodePool.size(), "before the first height starts, a proposal at or below the head is not decoded");
      node.engine.start();
      c.scheduler.runDue();
      assertEquals(2, node.engine.roundState().height().orElseThrow().value());

      node.engine.onMessage(stale);
      assertEquals(0, decodePool.size(), "height 1 is decided: its proposal is not decoded at all");
    }
  }

  /** 30 transfers from three funded accounts: a proposal above the inline-decoding size. */
  private static List<Transaction> thirtyTransfers() {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      txs.add(transfer(i % 3, i / 3));
    }
    return txs;
  }

  @Test
  void farFutureRoundsAreDroppedAndNearOnesSkipTheRound() {
    try (Cluster c = new Cluster(dir, 4)) {
      int me = 0;
      Cluster.Node node = c.startAlone(me);
      Height h1 = Height.of(1);
      int far = Cluster.CONFIG.maxRoundsAhead() + 1;
      for (int i = 1; i <= 2; i++) { // f+1 = 2 of 4: enough to skip, if kept
        node.engine.onMessage(Cluster.CODEC.encodeVote(c.vals.prevote(i, h1, far, null)).toArrayUnsafe());
      }
      c.scheduler.runDue();
      assertEquals(0, node.engine.roundState().round().value(), "round " + far + " is too far ahead: dropped");
      for (int i = 1; i <= 2; i++) {
        node.engine.onMessage(Cluster.CODEC.encodeVote(c.vals.prevote(i, h1, 5, null)).toArrayUnsafe());
      }
      c.scheduler.runDue();
      assertEquals(5, node.engine.roundState().round().value(), "f+1 votes at round 5: skip (L55)");
    }
  }

  @Test
  void undecodableBytesAreReportedNotThrown() {
    try (Cluster c = new Cluster(dir, 4)) {
      Cluster.Node node = c.startAlone(0);
      node.engine.onMessage(new byte[] {1, 2, 3});
      node.engine.onMessage(new byte[0]);
      c.scheduler.runDue();
      assertEquals(2, node.invalid.size());
    }
  }
}
