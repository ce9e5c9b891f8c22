package org.mercato.p2p.crypto;

/**
 * What the key schedule yields for one side of one connection (docs/spec/p2p.md §2.2): the key
 * for frames it sends, the key for frames it receives, and the challenge both sides sign.
 */
public record SessionKeys(byte[] sendKey, byte[] receiveKey, byte[] challenge) {
  @Override
  public String toString() {
    return "SessionKeys[redacted]";
  }
}
