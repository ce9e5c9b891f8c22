package org.mercato.consensus.bft.types;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mercato.state.types.Address;

/**
 * The validators of one height, immutable, sorted by address, with the threshold arithmetic of
 * docs/spec/consensus.md §1. The set travels with each {@code StartHeight}, so a validator-set
 * change is simply a different set at a later height.
 */
public final class ValidatorSet {
  /** CometBFT's MaxTotalVotingPower: keeps {@code total * 2} and priority arithmetic in range. */
  public static final long MAX_TOTAL_VOTING_POWER = Long.MAX_VALUE / 8;

  private final List<Validator> validators;
  private final Map<Address, Integer> index;
  private final long totalPower;

  private ValidatorSet(List<Validator> sorted) {
    this.validators = List.copyOf(sorted);
    this.index = new HashMap<>();
    long total = 0;
    for (int i = 0; i < sorted.size(); i++) {
      Validator v = sorted.get(i);
      if (index.put(v.address(), i) != null) {
        throw new IllegalArgumentException("duplicate validator " + v.address());
      }
      total += v.votingPower();
      if (total > MAX_TOTAL_VOTING_POWER || total < 0) {
        throw new IllegalArgumentException("total voting power exceeds " + MAX_TOTAL_VOTING_POWER);
      }
    }
    this.totalPower = total;
  }

  /** Any order in; sorted by address inside. At least one validator. */
  public static ValidatorSet of(List<Validator> validators) {
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a validator set needs at least one validator");
    }
    List<Validator> sorted = new ArrayList<>(validators);
    sorted.sort(Comparator.comparing(Validator::address));
    return new ValidatorSet(sorted);
  }

  /** Sorted by address. */
  public List<Validator> validators() {
    return validators;
  }

  public int size() {
    return validators.size();
  }

  public Validator get(int i) {
    return validators.get(i);
  }

  public Optional<Validator> find(Address address) {
    Integer i = index.get(address);
    return i == null ? Optional.empty() : Optional.of(validators.get(i));
  }

  /** Position in address order, or -1. */
  public int indexOf(Address address) {
    return index.getOrDefault(address, -1);
  }

  public boolean contains(Address address) {
    return index.containsKey(address);
  }

  public long totalPower() {
    return totalPower;
  }

  /** 2f+1: the least power strictly above 2/3 of the total, {@code total*2/3 + 1}. */
  public long quorum() {
    return totalPower * 2 / 3 + 1;
  }

  /** f+1: the least power strictly above 1/3 of the total, {@code total/3 + 1}. */
  public long skipThreshold() {
    return totalPower / 3 + 1;
  }

  public boolean isQuorum(long power) {
    return power >= quorum();
  }

  public boolean isSkip(long power) {
    return power >= skipThreshold();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidatorSet s && s.validators.equals(validators);
  }

  @Override
  public int hashCode() {
    return validators.hashCode();
  }

  @Override
  public String toString() {
    return "ValidatorSet[" + validators.size() + " validators, power " + totalPower + "]";
  }
}
