package org.mercato.consensus.bft.statemachine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.mercato.consensus.bft.proposer.ProposerPriorities;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.SignResult;
import org.mercato.consensus.bft.types.Step;
import org.mercato.consensus.bft.types.Validator;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.ValidatorSigner;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.bft.votes.AddVoteResult;
import org.mercato.consensus.bft.votes.VoteKeeper;
import org.mercato.consensus.bft.votes.VoteRejection;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * Algorithm 1 of the Tendermint paper as a pure, deterministic, single-threaded state machine
 * (docs/spec/consensus.md §3). {@link #apply} takes one input and returns the outputs; the node's own
 * proposals and votes are counted at once, as if received from itself. Comments cite the paper's lines.
 *
 * <p>After each input every rule is re-evaluated until none fires: the rules are "upon" conditions,
 * each guarded so that it fires at most once per round (or changes the step), so the loop ends.
 */
public final class TendermintMachine {
  /** {@code timely}: the local clock's verdict on a fresh proposal's timestamp, asked only at L23. */
  private record ProposalRecord(Proposal proposal, boolean valid, boolean timely) {}

  private final ValidatorSigner signer;
  private final TimeoutConfig timeouts;

  private Height height;
  private Round round = Round.NIL;
  private Step step = Step.UNSTARTED;
  private Optional<Hash> lockedValue = Optional.empty();
  private Round lockedRound = Round.NIL;
  private Optional<Hash> validValue = Optional.empty();
  private Round validRound = Round.NIL;
  private Optional<Hash> decision = Optional.empty();

  private ValidatorSet validators;
  private ProposerPriorities priorities;
  private VoteKeeper votes;
  private final TreeMap<Round, ProposalRecord> proposals = new TreeMap<>();
  /** The conflicting votes relayed at this height, one per validator, round and type (§10 "Relay"). */
  private final Set<ConflictKey> relayedConflicts = new HashSet<>();

  private record ConflictKey(Address validator, Round round, VoteType type) {}
  private final Map<Round, Validator> proposerCache = new TreeMap<>();
  private final Set<Round> prevoteTimeoutScheduled = new HashSet<>(); // L34 "for the first time"
  private final Set<Round> polkaValueSeen = new HashSet<>();          // L36 "for the first time"
  private final Set<Round> precommitTimeoutScheduled = new HashSet<>(); // L47 "for the first time"
  private boolean awaitingValue;

  private List<Output> outputs;

  /**
   * {@code signer} is this node's key; if its address is not in a height's set, the node follows
   * without voting. A signer may refuse (double-sign protection): the machine then sends nothing for
   * that step, reports {@link Output.SigningRefused}, and moves on as if it had sent it.
   */
  public TendermintMachine(ValidatorSigner signer, TimeoutConfig timeouts) {
    this.signer = Objects.requireNonNull(signer);
    this.timeouts = Objects.requireNonNull(timeouts);
  }

  public RoundState state() {
    return new RoundState(Optional.ofNullable(height), round, step, lockedValue, lockedRound, validValue, validRound, decision);
  }

  /** This height's votes (read-only use: tests and the driver's gossip). Null before the first height. */
  public VoteKeeper votes() {
    return votes;
  }

  public List<Output> apply(Input input) {
    outputs = new ArrayList<>();
    if (input instanceof Input.StartHeight s) {
      startHeight(s);
    } else if (input instanceof Input.ProposalReceived p) {
      receiveProposal(p.proposal(), p.valid(), p.timely());
    } else if (input instanceof Input.VoteReceived v) {
      receiveVote(v.vote());
    } else if (input instanceof Input.ValueProposed v) {
      valueProposed(v);
    } else if (input instanceof Input.Timeout t) {
      timeout(t);
    } else {
      throw new IllegalArgumentException("unknown input " + input);
    }
    evaluate();
    List<Output> out = outputs;
    outputs = null;
    return out;
  }

  // ---- inputs ----

  /**
   * L10: reset the per-height variables and start round 0; or, after a restart, restore them from the
   * lock persisted for this height and start at {@code validRound + 1} (docs/spec/consensus.md §8.1).
   */
  private void startHeight(Input.StartHeight s) {
    if (height != null && s.height().compareTo(height) <= 0) {
      throw new IllegalStateException("height " + s.height() + " does not follow " + height);
    }
    height = s.height();
    validators = s.validators();
    priorities = s.priorities();
    votes = new VoteKeeper(signer.chainId(), height, validators, signer.curve());
    lockedValue = Optional.empty();
    lockedRound = Round.NIL;
    validValue = Optional.empty();
    validRound = Round.NIL;
    decision = Optional.empty();
    proposals.clear();
    relayedConflicts.clear();
    proposerCache.clear();
    prevoteTimeoutScheduled.clear();
    polkaValueSeen.clear();
    precommitTimeoutScheduled.clear();
    if (s.restored().isEmpty()) {
      startRound(Round.ZERO);
      return;
    }
    LockState l = s.restored().get();
    Optional<ProposalRejection> bad = check(l.validProposal());
    if (bad.isPresent()) {
      throw new IllegalArgumentException("restored proposal " + l.validProposal() + " rejected: " + bad.get());
    }
    lockedValue = l.lockedValue();
    lockedRound = l.lockedRound();
    validValue = Optional.of(l.validValue());
    validRound = l.validRound();
    proposals.put(l.validRound(), new ProposalRecord(l.validProposal(), true, true)); // valid(v) checked by the driver; timely once (a polka formed)
    for (Vote prevote : l.polka()) {
      votes.add(prevote); // the polka of validRound again (signatures re-checked), so L28 can prevote its re-proposal
    }
    // We were in validRound or later when it was written; there validRound < round, so L16 is well formed.
    startRound(l.validRound().next());
  }

  private void receiveProposal(Proposal p, boolean valid, boolean timely) {
    Optional<ProposalRejection> rejection = check(p);
    if (rejection.isPresent()) {
      outputs.add(new Output.ProposalRejected(p, rejection.get()));
      return;
    }
    ProposalRecord existing = proposals.get(p.round());
    if (existing != null) {
      if (!existing.proposal().equals(p)) {
        outputs.add(new Output.ProposalRejected(p, ProposalRejection.CONFLICTING_PROPOSAL));
      }
      return;
    }
    proposals.put(p.round(), new ProposalRecord(p, valid, timely));
    if (valid) {
      outputs.add(new Output.RelayProposal(p)); // §10 "Relay": once, the first time this round's proposal is stored
    }
  }

  private Optional<ProposalRejection> check(Proposal p) {
    if (height == null || !p.height().equals(height)) {
      return Optional.of(ProposalRejection.WRONG_HEIGHT);
    }
    if (p.round().isNil() || !p.validRound().isBefore(p.round())) {
      return Optional.of(ProposalRejection.INVALID_ROUND);
    }
    Validator proposer = proposer(p.round());
    if (!p.proposer().equals(proposer.address())) {
      return Optional.of(ProposalRejection.WRONG_PROPOSER);
    }
    ProposalRecord existing = proposals.get(p.round());
    if (existing != null && existing.proposal().equals(p)) {
      return Optional.empty(); // duplicate: its signature was checked when it was stored
    }
    if (!p.verify(signer.chainId(), proposer, signer.curve())) {
      return Optional.of(ProposalRejection.BAD_SIGNATURE);
    }
    return Optional.empty();
  }

  private void receiveVote(Vote vote) {
    if (votes == null) {
      outputs.add(new Output.VoteRejected(vote, VoteRejection.WRONG_HEIGHT));
      return;
    }
    AddVoteResult result = votes.add(vote);
    if (result instanceof AddVoteResult.Added) {
      outputs.add(new Output.RelayVote(vote)); // §10 "Relay"
    } else if (result instanceof AddVoteResult.Conflict c) {
      outputs.add(new Output.EvidenceFound(c.evidence()));
      if (relayedConflicts.add(new ConflictKey(vote.validator(), vote.round(), vote.type()))) {
        outputs.add(new Output.RelayVote(vote)); // so nodes that only saw the first one detect it too
      }
    } else if (result instanceof AddVoteResult.Rejected r) {
      outputs.add(new Output.VoteRejected(r.vote(), r.reason()));
    } // a Duplicate needs no output
  }

  /** L19: the value this node built for its own proposal arrives. */
  private void valueProposed(Input.ValueProposed v) {
    if (awaitingValue && v.height().equals(height) && v.round().equals(round) && step == Step.PROPOSE) {
      awaitingValue = false;
      propose(v.value(), Round.NIL);
    }
  }

  /** L57–L65: a timeout acts only if the node is still where it was when the timer was set. */
  private void timeout(Input.Timeout t) {
    if (height == null || !t.height().equals(height) || !t.round().equals(round)) {
      return; // stale
    }
    switch (t.step()) {
      case PROPOSE -> {
        if (step == Step.PROPOSE) { // L57–L60
          awaitingValue = false;
          castVote(VoteType.PREVOTE, Optional.empty());
          step = Step.PREVOTE;
        }
      }
      case PREVOTE -> {
        if (step == Step.PREVOTE) { // L61–L64
          castVote(VoteType.PRECOMMIT, Optional.empty());
          step = Step.PRECOMMIT;
        }
      }
      case PRECOMMIT -> {
        if (step != Step.COMMIT) { // L65
          startRound(round.next());
        }
      }
    }
  }

  // ---- rules ----

  private void evaluate() {
    if (outputs == null) {
      throw new IllegalStateException("evaluate outside apply");
    }
    while (step != Step.UNSTARTED && step != Step.COMMIT && fireOne()) {
      // each fired rule changed the state; look again
    }
  }

  private boolean fireOne() {
    return decide() || skipRound() || prevoteOnFreshProposal() || prevoteOnPolkaProposal() || lockOnPolka()
        || precommitNilOnNilPolka() || scheduleTimeoutPrevote() || scheduleTimeoutPrecommit();
  }

  /** L49–L54: a valid proposal of v and +2/3 precommits for v in any round of this height. */
  private boolean decide() {
    for (Round r : votes.rounds()) {
      Optional<Optional<Hash>> q = votes.quorumValue(r, VoteType.PRECOMMIT);
      if (q.isEmpty() || q.get().isEmpty()) {
        continue;
      }
      Hash v = q.get().get();
      boolean known = proposals.values().stream().anyMatch(p -> p.valid() && p.proposal().value().equals(v));
      if (known) {
        Commit commit = new Commit(height, r, v, votes.votesFor(r, VoteType.PRECOMMIT, Optional.of(v)));
        decision = Optional.of(v);
        step = Step.COMMIT;
        awaitingValue = false;
        outputs.add(new Output.Decide(height, v, commit));
        return true;
      }
    }
    return false;
  }

  /** L55–L56: f+1 power of distinct validators voted in a higher round. */
  private boolean skipRound() {
    Optional<Round> r = votes.highestSkipRound(round);
    r.ifPresent(this::startRound);
    return r.isPresent();
  }

  /** L22–L27: PROPOSAL(h, round, v, -1) while in propose. */
  private boolean prevoteOnFreshProposal() {
    ProposalRecord p = proposals.get(round);
    if (step != Step.PROPOSE || p == null || !p.proposal().validRound().isNil()) {
      return false;
    }
    Hash v = p.proposal().value();
    // L23, with PBTS's timeliness (consensus.md §10 "Timely proposals"): an untimely value gets nil.
    boolean accept = p.valid() && p.timely() && (lockedRound.isNil() || lockedValue.equals(Optional.of(v)));
    castVote(VoteType.PREVOTE, accept ? Optional.of(v) : Optional.empty()); // L24 / L26
    step = Step.PREVOTE; // L27
    awaitingValue = false;
    return true;
  }

  /** L28–L33: PROPOSAL(h, round, v, vr) with 0 ≤ vr < round and a polka for v in vr, while in propose. */
  private boolean prevoteOnPolkaProposal() {
    ProposalRecord p = proposals.get(round);
    if (step != Step.PROPOSE || p == null || p.proposal().validRound().isNil()) {
      return false;
    }
    Round vr = p.proposal().validRound();
    Hash v = p.proposal().value();
    if (!vr.isBefore(round) || !votes.hasQuorumFor(vr, VoteType.PREVOTE, Optional.of(v))) {
      return false;
    }
    boolean accept = p.valid() && (lockedRound.compareTo(vr) <= 0 || lockedValue.equals(Optional.of(v))); // L29
    castVote(VoteType.PREVOTE, accept ? Optional.of(v) : Optional.empty()); // L30 / L32
    step = Step.PREVOTE; // L33
    awaitingValue = false;
    return true;
  }

  /** L36–L43: a valid proposal of v and a polka for v in this round, step ≥ prevote, the first time. */
  private boolean lockOnPolka() {
    ProposalRecord p = proposals.get(round);
    if (!step.atLeast(Step.PREVOTE) || polkaValueSeen.contains(round) || p == null || !p.valid()) {
      return false;
    }
    Hash v = p.proposal().value();
    if (!votes.hasQuorumFor(round, VoteType.PREVOTE, Optional.of(v))) {
      return false;
    }
    polkaValueSeen.add(round);
    boolean lock = step == Step.PREVOTE;
    if (lock) { // L38–L39
      lockedValue = Optional.of(v);
      lockedRound = round;
    }
    validValue = Optional.of(v); // L42
    validRound = round; // L43
    if (validators.contains(signer.address())) {
      // Spec §8.1: durable before the precommit below leaves, so a restart cannot forget the lock.
      outputs.add(new Output.PersistLock(new LockState(height, lockedValue, lockedRound, v, round, p.proposal(),
          votes.votesFor(round, VoteType.PREVOTE, Optional.of(v)))));
    }
    if (lock) { // L40–L41
      castVote(VoteType.PRECOMMIT, Optional.of(v));
      step = Step.PRECOMMIT;
    }
    return true;
  }

  /** L44–L46: +2/3 prevotes for nil while in prevote. */
  private boolean precommitNilOnNilPolka() {
    if (step != Step.PREVOTE || !votes.hasQuorumFor(round, VoteType.PREVOTE, Optional.empty())) {
      return false;
    }
    castVote(VoteType.PRECOMMIT, Optional.empty());
    step = Step.PRECOMMIT;
    return true;
  }

  /** L34–L35: +2/3 prevotes of any kind while in prevote, the first time. */
  private boolean scheduleTimeoutPrevote() {
    if (step != Step.PREVOTE || prevoteTimeoutScheduled.contains(round) || !votes.hasQuorumAny(round, VoteType.PREVOTE)) {
      return false;
    }
    prevoteTimeoutScheduled.add(round);
    schedule(TimeoutStep.PREVOTE);
    return true;
  }

  /** L47–L48: +2/3 precommits of any kind, the first time. */
  private boolean scheduleTimeoutPrecommit() {
    if (precommitTimeoutScheduled.contains(round) || !votes.hasQuorumAny(round, VoteType.PRECOMMIT)) {
      return false;
    }
    precommitTimeoutScheduled.add(round);
    schedule(TimeoutStep.PRECOMMIT);
    return true;
  }

  // ---- actions ----

  /** L11–L21. */
  private void startRound(Round r) {
    round = r; // L12
    step = Step.PROPOSE; // L13
    awaitingValue = false;
    Validator proposer = proposer(r);
    outputs.add(new Output.RoundStarted(height, r, proposer.address()));
    if (proposer.address().equals(signer.address())) { // L14
      if (validValue.isPresent()) { // L15–L16
        if (!propose(validValue.get(), validRound)) {
          schedule(TimeoutStep.PROPOSE); // refused to sign: do not wait forever for our own proposal
        }
      } else { // L18: getValue() — the driver builds the block
        awaitingValue = true;
        outputs.add(new Output.RequestValue(height, r));
        schedule(TimeoutStep.PROPOSE); // Mercato: a failed or slow build ends in a nil prevote (spec §3)
      }
    } else {
      schedule(TimeoutStep.PROPOSE); // L21
    }
  }

  /** L19: sign and broadcast PROPOSAL(h, round, v, vr); our own block is valid by construction. False if the signer refused. */
  private boolean propose(Hash value, Round vr) {
    SignResult<Proposal> signed = signer.signProposal(height, round, value, vr);
    if (signed instanceof SignResult.Refused<Proposal> no) {
      outputs.add(new Output.SigningRefused(height, round, "proposal " + value, no.reason(), no.detail()));
      return false;
    }
    Proposal p = ((SignResult.Signed<Proposal>) signed).message();
    proposals.put(round, new ProposalRecord(p, true, true));
    outputs.add(new Output.BroadcastProposal(p));
    return true;
  }

  private void castVote(VoteType type, Optional<Hash> value) {
    if (!validators.contains(signer.address())) {
      return; // a follower moves through the steps without voting
    }
    SignResult<Vote> signed = signer.signVote(type, height, round, value);
    if (signed instanceof SignResult.Refused<Vote> no) {
      // Double-sign protection: we already signed something else here (e.g. before a restart).
      outputs.add(new Output.SigningRefused(height, round, type + " " + value.map(Hash::toHex).orElse("nil"), no.reason(),
          no.detail()));
      // Our vote counts toward the +2/3 that starts this step's timeout (L34, L47). Without it a lone
      // validator (or one whose peers are silent) would wait forever at this round; the timeout only
      // moves us on to nil and the next round, which is always safe.
      schedule(type == VoteType.PREVOTE ? TimeoutStep.PREVOTE : TimeoutStep.PRECOMMIT);
      return;
    }
    Vote vote = ((SignResult.Signed<Vote>) signed).message();
    AddVoteResult result = votes.add(vote);
    // Duplicate: after a restart, a peer may have relayed our own earlier (identical, re-signed) vote first.
    if (!(result instanceof AddVoteResult.Added) && !(result instanceof AddVoteResult.Duplicate)) {
      throw new IllegalStateException("own vote not counted: " + result); // would be a double vote: a bug
    }
    outputs.add(new Output.BroadcastVote(vote));
  }

  private void schedule(TimeoutStep s) {
    outputs.add(new Output.ScheduleTimeout(s, height, round, timeouts.timeout(s, round)));
  }

  private Validator proposer(Round r) {
    return proposerCache.computeIfAbsent(r, priorities::proposer);
  }
}
