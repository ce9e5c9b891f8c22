package org.mercato.consensus.bft.types;

/**
 * A round within a height, or {@link #NIL} (-1): the paper's "no round", the initial
 * {@code lockedRound}, {@code validRound}, and a proposal's {@code vr} when it re-proposes nothing.
 */
public record Round(int value) implements Comparable<Round> {
  public static final Round NIL = new Round(-1);
  public static final Round ZERO = new Round(0);

  public Round {
    if (value < -1) {
      throw new IllegalArgumentException("round must be >= -1, got " + value);
    }
  }

  public static Round of(int value) {
    return value == -1 ? NIL : new Round(value);
  }

  public boolean isNil() {
    return value == -1;
  }

  public Round next() {
    return new Round(Math.addExact(value, 1));
  }

  public boolean isAfter(Round o) {
    return value > o.value;
  }

  public boolean isBefore(Round o) {
    return value < o.value;
  }

  @Override
  public int compareTo(Round o) {
    return Integer.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Integer.toString(value);
  }
}
