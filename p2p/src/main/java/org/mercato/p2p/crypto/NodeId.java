package org.mercato.p2p.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.Keccak;

/**
 * A node's identity: keccak256(pubkey)[12..32] of its 64-byte secp256k1 node public key, written
 * as 40 lowercase hex digits without 0x (docs/spec/p2p.md §1). Ordered as unsigned bytes.
 */
public final class NodeId implements Comparable<NodeId> {
  public static final int SIZE = 20;
  private final byte[] bytes;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
  }

  public static NodeId ofPublicKey(Bytes publicKey64) {
    if (publicKey64.size() != 64) {
      throw new IllegalArgumentException("node public key must be 64 bytes");
    }
    byte[] h = Keccak.hashToArray(publicKey64.toArray());
    return new NodeId(Arrays.copyOfRange(h, 12, 32));
  }

  /** Parses 40 hex digits, with or without 0x; throws IllegalArgumentException otherwise. */
  public static NodeId fromHex(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (h.length() != SIZE * 2) {
      throw new IllegalArgumentException("node id must be 40 hex digits");
    }
    return new NodeId(HexFormat.of().parseHex(h));
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public int compareTo(NodeId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId n && Arrays.equals(bytes, n.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
