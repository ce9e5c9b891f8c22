package org.mercato.consensus.bft.types;

/** A block height, at least 1 (genesis, height 0, is never decided by consensus). */
public record Height(long value) implements Comparable<Height> {
  public Height {
    if (value < 1) {
      throw new IllegalArgumentException("height must be >= 1, got " + value);
    }
  }

  public static Height of(long value) {
    return new Height(value);
  }

  public Height next() {
    return new Height(Math.addExact(value, 1));
  }

  @Override
  public int compareTo(Height o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
