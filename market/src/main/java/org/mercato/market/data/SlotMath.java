package org.mercato.market.data;

import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;

/**
 * Solidity storage-slot arithmetic for the data-market contracts (docs/spec/data-market.md §Storage layout), on plain
 * byte arrays: {@code keccak256(key ‖ uint256(slot))} for a mapping entry and {@code base + k} for a struct field. The
 * same words as concatenating {@code Bytes} and adding {@code UInt256}s, without the intermediate objects, because the
 * order path computes about thirty of them per order.
 */
public final class SlotMath {
  private SlotMath() {}

  /** {@code keccak256(key ‖ uint256(slot))}: the slot of {@code mapping[key]} declared at {@code slot}. */
  public static Bytes32 mapping(Bytes32 key, long slot) {
    byte[] in = new byte[64];
    System.arraycopy(key.toArrayUnsafe(), 0, in, 0, 32);
    for (int i = 0; i < 8; i++) {
      in[63 - i] = (byte) (slot >>> (8 * i));
    }
    return Bytes32.wrap(Keccak.hashToArray(in));
  }

  /** {@code keccak256(pad(key) ‖ uint256(slot))}: an address-keyed mapping. */
  public static Bytes32 mapping(Address key, long slot) {
    byte[] in = new byte[64];
    System.arraycopy(key.bytes().toArrayUnsafe(), 0, in, 12, 20);
    for (int i = 0; i < 8; i++) {
      in[63 - i] = (byte) (slot >>> (8 * i));
    }
    return Bytes32.wrap(Keccak.hashToArray(in));
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
}
