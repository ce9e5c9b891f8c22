package org.mercato.consensus.evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Validator;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.codec.DecodeOutcome;
import org.mercato.consensus.codec.EvidenceCodec;
import org.mercato.consensus.engine.ValidatorSets;
import org.mercato.state.block.Block;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.types.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Equivocation evidence between detection and commitment (docs/spec/consensus.md §11): collects
 * {@link DuplicateVoteEvidence} from the state machine, offers pending items to our proposals,
 * verifies the evidence of proposed blocks, and drops items once a block commits them.
 *
 * <p>One offence is one {@link Key} (validator, height, round, vote type): a validator that signed
 * three values in one step is one offence, committed once. Evidence older than {@code maxAge}
 * heights (evidence height + maxAge &lt; block height) is expired: neither proposed nor accepted. So
 * "already committed" needs only the keys of the last {@code maxAge} blocks, which {@link #load}
 * reads from the {@link ChainStore} when an engine starts.
 *
 * <p>Thread-safe (every method synchronized); the engine calls it from the consensus thread.
 */
public final class EvidencePool {
  private static final Logger LOG = LoggerFactory.getLogger(EvidencePool.class);
  /** Evidence items a block may carry. */
  public static final int DEFAULT_MAX_PER_BLOCK = 16;
  /** Heights after which evidence expires. */
  public static final long DEFAULT_MAX_AGE = 1_000;

  /** One offence: who, where, which step. */
  public record Key(Address validator, long height, int round, VoteType type) {
    public static Key of(DuplicateVoteEvidence e) {
      Vote a = e.voteA();
      return new Key(a.validator(), a.height().value(), a.round().value(), a.type());
    }
  }

  private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::height).thenComparingInt(Key::round)
      .thenComparing(Key::type).thenComparing(Key::validator);

  private final ChainId chainId;
  private final Secp256k1 curve;
  private final ValidatorSets sets;
  private final long maxAge;
  private final int maxPerBlock;
  private final TreeMap<Key, DuplicateVoteEvidence> pending = new TreeMap<>(ORDER);
  private final Map<Key, Long> committed = new HashMap<>(); // offence -> block number that carries it

  public EvidencePool(ChainId chainId, Secp256k1 curve, ValidatorSets sets, long maxAge, int maxPerBlock) {
    if (maxAge < 1 || maxPerBlock < 1) {
      throw new IllegalArgumentException("maxAge and maxPerBlock must be positive");
    }
    this.chainId = chainId;
    this.curve = curve;
    this.sets = sets;
    this.maxAge = maxAge;
    this.maxPerBlock = maxPerBlock;
  }

  public EvidencePool(ChainId chainId, Secp256k1 curve, ValidatorSets sets) {
    this(chainId, curve, sets, DEFAULT_MAX_AGE, DEFAULT_MAX_PER_BLOCK);
  }

  /** Reads the offences committed in blocks {@code head-maxAge+1 .. head} (what an engine does when it starts). */
  public synchronized void load(ChainStore store, long head) {
    for (long n = Math.max(1, head - maxAge + 1); n <= head; n++) {
      for (Bytes item : store.evidence(n)) {
        DecodeOutcome<DuplicateVoteEvidence> d = EvidenceCodec.decode(item);
        if (d.isOk()) {
          Key k = Key.of(d.orElseThrow());
          committed.put(k, n);
          pending.remove(k);
        } else {
          LOG.warn("Committed block #{} carries evidence that does not decode: {}", n, d);
        }
      }
    }
  }

  /**
   * Evidence the state machine found (its votes already verified by the vote keeper; checked again).
   * True if it is new: neither pending nor committed.
   */
  public synchronized boolean add(DuplicateVoteEvidence e) {
    Key k = Key.of(e);
    if (committed.containsKey(k) || pending.containsKey(k)) {
      return false;
    }
    Optional<String> bad = check(e);
    if (bad.isPresent()) {
      LOG.warn("Dropping evidence that does not verify: {}", bad.get());
      return false;
    }
    pending.put(k, e);
    return true;
  }

  /** The items a block at {@code blockHeight} proposed by us carries: pending, older heights, not expired; oldest first. */
  public synchronized List<Bytes> forBlock(long blockHeight) {
    pending.keySet().removeIf(k -> expired(k.height(), blockHeight));
    List<Bytes> out = new ArrayList<>();
    for (Map.Entry<Key, DuplicateVoteEvidence> e : pending.entrySet()) {
      if (out.size() == maxPerBlock || e.getKey().height() >= blockHeight) {
        break;
      }
      out.add(EvidenceCodec.encode(e.getValue()));
    }
    return out;
  }

  /**
   * Checks the evidence of a proposed block at {@code blockHeight}: at most {@code maxPerBlock}
   * items, each decodes canonically, is of an earlier, unexpired height, names a validator of that
   * height's set whose two signatures verify, and is neither committed already nor repeated in the
   * block. Empty if valid, else the reason.
   */
  public synchronized Optional<String> verify(List<Bytes> items, long blockHeight) {
    if (items.size() > maxPerBlock) {
      return Optional.of(items.size() + " evidence items > " + maxPerBlock);
    }
    Set<Key> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      DecodeOutcome<DuplicateVoteEvidence> d = EvidenceCodec.decode(items.get(i));
      if (d instanceof DecodeOutcome.Failed<DuplicateVoteEvidence> f) {
        return Optional.of("evidence " + i + " does not decode: " + f.error() + " " + f.detail());
      }
      DuplicateVoteEvidence e = d.orElseThrow();
      Key k = Key.of(e);
      if (k.height() >= blockHeight) {
        return Optional.of("evidence " + i + " is of height " + k.height() + ", not before block " + blockHeight);
      }
      if (expired(k.height(), blockHeight)) {
        return Optional.of("evidence " + i + " of height " + k.height() + " expired (max age " + maxAge + ")");
      }
      if (!seen.add(k)) {
        return Optional.of("evidence " + i + " repeats an offence of this block: " + k);
      }
      Long in = committed.get(k);
      if (in != null) {
        return Optional.of("evidence " + i + " was committed in block #" + in + ": " + k);
      }
      Optional<String> bad = check(e);
      if (bad.isPresent()) {
        return Optional.of("evidence " + i + ": " + bad.get());
      }
    }
    return Optional.empty();
  }

  /** A block was committed: its offences become committed, leave the pending set, and are logged. */
  public synchronized void committed(Block block) {
    long n = block.number();
    for (Bytes item : block.evidence()) {
      DecodeOutcome<DuplicateVoteEvidence> d = EvidenceCodec.decode(item);
      if (!d.isOk()) {
        LOG.warn("Committed block #{} carries evidence that does not decode: {}", n, d);
        continue;
      }
      Key k = Key.of(d.orElseThrow());
      committed.put(k, n);
      pending.remove(k);
      LOG.info("Evidence of double signing by {} at height {} round {} ({}) committed in block {}",
          k.validator().toHex(), k.height(), k.round(), k.type(), n);
    }
    committed.keySet().removeIf(k -> expired(k.height(), n + 1));
    pending.keySet().removeIf(k -> expired(k.height(), n + 1));
  }

  public synchronized List<DuplicateVoteEvidence> pending() {
    return List.copyOf(pending.values());
  }

  /** The block number that committed this offence, if it is known (within the last maxAge blocks). */
  public synchronized Optional<Long> committedIn(Key key) {
    return Optional.ofNullable(committed.get(key));
  }

  private boolean expired(long evidenceHeight, long blockHeight) {
    return evidenceHeight + maxAge < blockHeight;
  }

  /** Both votes signed by a validator of the evidence height's set (the record's invariants already hold). */
  private Optional<String> check(DuplicateVoteEvidence e) {
    Vote a = e.voteA();
    ValidatorSet set;
    try {
      set = sets.validatorsAt(Height.of(a.height().value()));
    } catch (RuntimeException ex) {
      return Optional.of("no validator set for height " + a.height() + ": " + ex.getMessage());
    }
    Optional<Validator> v = set.find(a.validator());
    if (v.isEmpty()) {
      return Optional.of(a.validator().toHex() + " is not a validator at height " + a.height());
    }
    if (!a.verify(chainId, v.get(), curve)) {
      return Optional.of("the signature of " + a + " does not verify");
    }
    if (!e.voteB().verify(chainId, v.get(), curve)) {
      return Optional.of("the signature of " + e.voteB() + " does not verify");
    }
    return Optional.empty();
  }
}
