package org.mercato.state.block;

import java.util.Collection;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.Keccak;

/**
 * Ethereum's 2048-bit logs bloom: for the address and each topic of every log, three bits chosen by
 * the low 11 bits of the first three byte pairs of its keccak hash. Lets eth_getLogs skip blocks.
 */
public final class LogsBloom {
  public static final int BYTES = 256;
  public static final Bytes EMPTY = Bytes.wrap(new byte[BYTES]);

  private final byte[] bits = new byte[BYTES];

  public static Bytes of(Collection<Log> logs) {
    if (logs.isEmpty()) {
      return EMPTY; // a plain transfer's: shared rather than 256 fresh bytes per receipt
    }
    LogsBloom b = new LogsBloom();
    logs.forEach(b::add);
    return b.toBytes();
  }

  public void add(Log log) {
    addElement(log.address().bytes());
    log.topics().forEach(this::addElement);
  }

  public void or(Bytes other) {
    if (other.size() != BYTES) {
      throw new IllegalArgumentException("a bloom is " + BYTES + " bytes, got " + other.size());
    }
    byte[] o = other.toArrayUnsafe(); // one copy at most, instead of a virtual get per byte
    for (int i = 0; i < BYTES; i++) {
      bits[i] |= o[i];
    }
  }

  public Bytes toBytes() {
    return Bytes.wrap(bits.clone());
  }

  private void addElement(Bytes element) {
    byte[] h = Keccak.hashToArray(element.toArrayUnsafe());
    for (int i = 0; i < 6; i += 2) {
      int bit = ((h[i] & 0x07) << 8) | (h[i + 1] & 0xff);
      bits[BYTES - 1 - bit / 8] |= (byte) (1 << (bit % 8));
    }
  }

  /** Whether every bit of {@code element}'s pattern is set: false means the element is certainly absent. */
  public static boolean mightContain(Bytes bloom, Bytes element) {
    byte[] h = Keccak.hashToArray(element.toArrayUnsafe());
    for (int i = 0; i < 6; i += 2) {
      int bit = ((h[i] & 0x07) << 8) | (h[i + 1] & 0xff);
      if ((bloom.get(BYTES - 1 - bit / 8) & (1 << (bit % 8))) == 0) {
        return false;
      }
    }
    return true;
  }
}
