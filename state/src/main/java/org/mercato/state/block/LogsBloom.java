package org.mercato.state.block;

import java.util.Arrays;
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
    long three = bitsOf(element.toArrayUnsafe());
    for (int i = 0; i < 3; i++) {
      int bit = (int) (three >>> (11 * i)) & 0x7ff;
      bits[BYTES - 1 - bit / 8] |= (byte) (1 << (bit % 8));
    }
  }

  /**
   * The three bit positions of {@code element}, 11 bits each. A block's logs repeat a few values (the
   * Transfer topic, one datatoken's address: ~30 keccaks per market order over ~6 values), so the
   * positions of recent values are remembered per thread in a small direct-mapped table; a pure
   * function of the bytes, so the memo cannot change a bloom.
   */
  private static long bitsOf(byte[] element) {
    Memo m = MEMO.get();
    int slot = (Arrays.hashCode(element) & 0x7fffffff) % Memo.SIZE;
    byte[] known = m.keys[slot];
    if (known != null && Arrays.equals(known, element)) {
      return m.positions[slot];
    }
    byte[] h = Keccak.hashToArray(element);
    long three = 0;
    for (int i = 0; i < 3; i++) {
      long bit = ((h[2 * i] & 0x07) << 8) | (h[2 * i + 1] & 0xff);
      three |= bit << (11 * i);
    }
    m.keys[slot] = element.clone();
    m.positions[slot] = three;
    return three;
  }

  private static final ThreadLocal<Memo> MEMO = ThreadLocal.withInitial(Memo::new);

  private static final class Memo {
    static final int SIZE = 1024;
    final byte[][] keys = new byte[SIZE][];
    final long[] positions = new long[SIZE];
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
