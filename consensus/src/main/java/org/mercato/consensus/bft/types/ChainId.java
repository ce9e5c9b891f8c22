package org.mercato.consensus.bft.types;

import java.nio.charset.StandardCharsets;

/** The chain id every consensus signature binds to (1 to 50 UTF-8 bytes, as CometBFT pins it). */
public record ChainId(String value) {
  public static final int MAX_BYTES = 50;

  public ChainId {
    int n = value.getBytes(StandardCharsets.UTF_8).length;
    if (n < 1 || n > MAX_BYTES) {
      throw new IllegalArgumentException("chain id must be 1.." + MAX_BYTES + " UTF-8 bytes, got " + n);
    }
  }

  public byte[] bytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return value;
  }
}
