package org.mercato.consensus.codec;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Assertions on {@link DecodeOutcome}s, for the codec tests of every consensus package. */
public final class DecodeAssertions {
  private DecodeAssertions() {}

  /** Asserts that decoding failed and returns its typed error. */
  public static CodecError error(DecodeOutcome<?> d) {
    return assertInstanceOf(DecodeOutcome.Failed.class, d, () -> "decoded: " + d).error();
  }
}
