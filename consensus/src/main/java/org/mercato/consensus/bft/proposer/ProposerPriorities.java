package org.mercato.consensus.bft.proposer;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Validator;
import org.mercato.consensus.bft.types.ValidatorSet;

/**
 * CometBFT's weighted round-robin (docs/spec/consensus.md §5): one priority per validator (address
 * order) and the proposer the last run chose. Immutable: every run returns a new instance.
 *
 * <p>{@code genesis(set)} gives height 1's priorities; {@link #nextHeight()} advances one height;
 * {@link #proposer(Round)} is the proposer of round r at this height.
 */
public final class ProposerPriorities {
  /** CometBFT's PriorityWindowSizeFactor: priorities are kept within 2·P of each other. */
  static final long PRIORITY_WINDOW_SIZE_FACTOR = 2;

  private final ValidatorSet set;
  private final long[] priorities;
  private final int proposer;

  private ProposerPriorities(ValidatorSet set, long[] priorities, int proposer) {
    this.set = set;
    this.priorities = priorities;
    this.proposer = proposer;
  }

  /** All priorities 0, then one run: the proposer of (height 1, round 0). */
  public static ProposerPriorities genesis(ValidatorSet set) {
    return new ProposerPriorities(set, new long[set.size()], -1).increment(1);
  }

  /** Restores persisted priorities (address order); {@code proposerIndex} is the last run's choice. */
  public static ProposerPriorities restore(ValidatorSet set, long[] priorities, int proposerIndex) {
    if (priorities.length != set.size() || proposerIndex < 0 || proposerIndex >= set.size()) {
      throw new IllegalArgumentException("priorities do not match the validator set");
    }
    return new ProposerPriorities(set, priorities.clone(), proposerIndex);
  }

  public ValidatorSet validatorSet() {
    return set;
  }

  /** The proposer of round 0 at this height. */
  public Validator proposer() {
    return set.get(proposer);
  }

  /** The proposer of round r at this height: a copy with one run of r increments (r = 0: {@link #proposer()}). */
  public Validator proposer(Round round) {
    if (round.isNil()) {
      throw new IllegalArgumentException("no proposer for the nil round");
    }
    return round.value() == 0 ? proposer() : increment(round.value()).proposer();
  }

  /** The priorities of the next height: one run, whatever rounds this height took. */
  public ProposerPriorities nextHeight() {
    return increment(1);
  }

  public long priority(int index) {
    return priorities[index];
  }

  public long[] priorities() {
    return priorities.clone();
  }

  /** CometBFT's IncrementProposerPriority(times): rescale, centre, then {@code times} selections. */
  public ProposerPriorities increment(int times) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be >= 1");
    }
    long[] a = priorities.clone();
    rescale(a, PRIORITY_WINDOW_SIZE_FACTOR * set.totalPower());
    centre(a);
    int chosen = -1;
    for (int t = 0; t < times; t++) {
      chosen = selectOnce(a);
    }
    return new ProposerPriorities(set, a, chosen);
  }

  private int selectOnce(long[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = saturatedAdd(a[i], set.get(i).votingPower());
    }
    int best = 0;
    for (int i = 1; i < a.length; i++) {
      // Validators are in address order, so on equal priority the earlier (lower address) stays.
      if (a[i] > a[best]) {
        best = i;
      }
    }
    a[best] = saturatedSub(a[best], set.totalPower());
    return best;
  }

  /** Step 1: if max − min exceeds the window, divide every priority by ceil(diff / window). */
  private static void rescale(long[] a, long window) {
    if (window <= 0) {
      return;
    }
    long max = Arrays.stream(a).max().orElse(0);
    long min = Arrays.stream(a).min().orElse(0);
    long diff = saturatedSub(max, min);
    if (diff > window) {
      long ratio = (diff + window - 1) / window;
      for (int i = 0; i < a.length; i++) {
        a[i] = a[i] / ratio; // truncates toward zero, as Go's integer division
      }
    }
  }

  /** Step 2: subtract floor(sum / N) (Go's big.Int.Div is Euclidean). */
  private static void centre(long[] a) {
    BigInteger sum = BigInteger.ZERO;
    for (long p : a) {
      sum = sum.add(BigInteger.valueOf(p));
    }
    BigInteger[] qr = sum.divideAndRemainder(BigInteger.valueOf(a.length));
    BigInteger avg = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    long shift = avg.longValueExact();
    for (int i = 0; i < a.length; i++) {
      a[i] = saturatedSub(a[i], shift);
    }
  }

  static long saturatedAdd(long x, long y) {
    long r = x + y;
    if (((x ^ r) & (y ^ r)) < 0) {
      return x < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  static long saturatedSub(long x, long y) {
    long r = x - y;
    if (((x ^ y) & (x ^ r)) < 0) {
      return y < 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProposerPriorities p && p.set.equals(set) && Arrays.equals(p.priorities, priorities) && p.proposer == proposer;
  }

  @Override
  public int hashCode() {
    return Objects.hash(set, Arrays.hashCode(priorities), proposer);
  }

  @Override
  public String toString() {
    return "ProposerPriorities" + Arrays.toString(priorities) + " proposer=" + proposer().address();
  }
}
