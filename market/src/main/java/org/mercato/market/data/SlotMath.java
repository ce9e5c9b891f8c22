package org.mercato.market.data;

import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;

/**
 * Solidity storage-slot arithmetic for the data-market contracts (docs/spec/data-market.md §Storage layout), on plain
 * byte arrays: {@code keccak256(key ‖ uint256(slot))} for a mapping entry and {@code base + k} for a struct field. The
 * same words as concatenating {@code Bytes} and adding {@code UInt256}s, without the intermediate objects, because the
 * order path computes about twenty of them per order.
 *
 * <p>Mapping slots of a constant-slot mapping are remembered per thread ({@link Memo}): an order hashes the same
 * balance slots of the buyer, the payment collector and the community collector, the same exchange and asset bases,
 * several times per call and again in every order of the same asset. A hash is a pure function of its input, so
 * remembering it changes no result.
 */
public final class SlotMath {
  private static final ThreadLocal<Memo> MEMO = ThreadLocal.withInitial(Memo::new);
  /** The memo's slot tag for {@link #arrayData}, which no declared mapping slot uses. */
  private static final long ARRAY_DATA = -1;

  private SlotMath() {}

  /** {@code keccak256(key ‖ uint256(slot))}: the slot of {@code mapping[key]} declared at {@code slot}. */
  public static Bytes32 mapping(Bytes32 key, long slot) {
    Memo memo = MEMO.get();
    int i = Memo.index(key.hashCode(), slot);
    Bytes32 known = memo.find(i, key, slot);
    if (known != null) {
      return known;
    }
    return memo.keep(i, Bytes32.wrap(key.toArray()), slot, hashBytes32(key, slot)); // a copy: the caller's array may be reused
  }

  private static Bytes32 hashBytes32(Bytes32 key, long slot) {
    byte[] in = new byte[64];
    System.arraycopy(key.toArrayUnsafe(), 0, in, 0, 32);
    for (int i = 0; i < 8; i++) {
      in[63 - i] = (byte) (slot >>> (8 * i));
    }
    return Bytes32.wrap(Keccak.hashToArray(in));
  }

  /** {@code keccak256(pad(key) ‖ uint256(slot))}: an address-keyed mapping. */
  public static Bytes32 mapping(Address key, long slot) {
    Memo memo = MEMO.get();
    int i = Memo.index(key.hashCode(), slot);
    Bytes32 known = memo.find(i, key, slot);
    if (known != null) {
      return known;
    }
    return memo.keep(i, new Address(org.apache.tuweni.bytes.Bytes.wrap(key.bytes().toArray())), slot, hashAddress(key, slot));
  }

  private static Bytes32 hashAddress(Address key, long slot) {
    byte[] in = new byte[64];
    System.arraycopy(key.bytes().toArrayUnsafe(), 0, in, 12, 20);
    for (int i = 0; i < 8; i++) {
      in[63 - i] = (byte) (slot >>> (8 * i));
    }
    return Bytes32.wrap(Keccak.hashToArray(in));
  }

  /** {@code keccak256(slot)}: where the elements of the dynamic array whose length is at {@code slot} start. */
  public static Bytes32 arrayData(Bytes32 slot) {
    Memo memo = MEMO.get();
    int i = Memo.index(slot.hashCode(), ARRAY_DATA);
    Bytes32 known = memo.find(i, slot, ARRAY_DATA);
    if (known != null) {
      return known;
    }
    return memo.keep(i, Bytes32.wrap(slot.toArray()), ARRAY_DATA, Bytes32.wrap(Keccak.hashToArray(slot.toArrayUnsafe())));
  }

  /** {@code keccak256(pad(key) ‖ slot)} for a mapping nested at a computed slot (e.g. a mapping inside a struct). */
  public static Bytes32 mapping(Address key, Bytes32 slot) {
    byte[] in = new byte[64];
    System.arraycopy(key.bytes().toArrayUnsafe(), 0, in, 12, 20);
    System.arraycopy(slot.toArrayUnsafe(), 0, in, 32, 32);
    return Bytes32.wrap(Keccak.hashToArray(in));
  }

  /** {@code base + k} modulo 2^256 (a struct field or an array element; {@code k} ≥ 0). */
  public static Bytes32 plus(Bytes32 base, long k) {
    if (k < 0) {
      throw new IllegalArgumentException("negative offset " + k);
    }
    byte[] out = base.toArray();
    long carry = k;
    for (int i = 31; i >= 0 && carry != 0; i--) {
      long sum = (out[i] & 0xff) + (carry & 0xff);
      out[i] = (byte) sum;
      carry = (carry >>> 8) + (sum >>> 8);
    }
    return Bytes32.wrap(out);
  }

  /**
   * A direct-mapped table of recent mapping slots, one per thread: entry {@code i} holds one (key, slot) → hash; a new
   * pair replaces whatever shared its index. Keys are compared by value (Address and Bytes32 equality).
   */
  private static final class Memo {
    private static final int SIZE = 4_096; // a power of two; under 1 MB per thread when full
    private final Object[] keys = new Object[SIZE];
    private final long[] slots = new long[SIZE];
    private final Bytes32[] hashes = new Bytes32[SIZE];

    static int index(int keyHash, long slot) {
      int h = keyHash * 31 + Long.hashCode(slot);
      return (h ^ (h >>> 16)) & (SIZE - 1);
    }

    Bytes32 find(int i, Object key, long slot) {
      Bytes32 h = hashes[i];
      return h != null && slots[i] == slot && key.equals(keys[i]) ? h : null;
    }

    Bytes32 keep(int i, Object key, long slot, Bytes32 hash) {
      keys[i] = key;
      slots[i] = slot;
      hashes[i] = hash;
      return hash;
    }
  }
}
