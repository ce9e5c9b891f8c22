package org.mercato.state.types;

import java.util.Arrays;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** A 32-byte keccak-256 digest (block hash, transaction hash, state root...). */
public record Hash(Bytes32 bytes) implements Comparable<Hash> {
  public static final Hash ZERO = new Hash(Bytes32.ZERO);
  /** keccak256(rlp("")): the root of an empty Merkle Patricia trie. */
  public static final Hash EMPTY_TRIE_ROOT =
      fromHex("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
  /** keccak256(""): the code hash of an account with no code. */
  public static final Hash EMPTY_CODE_HASH =
      fromHex("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  /** keccak256(rlp([])): the ommers hash of a block with no ommers. */
  public static final Hash EMPTY_LIST_HASH =
      fromHex("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");

  public Hash {
    bytes = (Bytes32) bytes.copy();
  }

  public static Hash wrap(Bytes raw) {
    return new Hash(Bytes32.wrap(raw));
  }

  public static Hash fromHex(String hex) {
    return new Hash(Bytes32.fromHexString(hex));
  }

  public String toHex() {
    return bytes.toHexString();
  }

  /** Unsigned lexicographic order (tuweni's Bytes.compareTo order for equal lengths), without its per-byte virtual calls. */
  @Override
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(bytes.toArrayUnsafe(), o.bytes.toArrayUnsafe());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes.toArrayUnsafe(), h.bytes.toArrayUnsafe());
  }

  /** Hash maps keyed by transaction hash (pool, receipts) make this hot; tuweni recomputes it byte by byte. */
  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes.toArrayUnsafe());
  }

  @Override
  public String toString() {
    return toHex();
  }
}
