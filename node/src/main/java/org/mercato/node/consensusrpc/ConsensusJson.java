package org.mercato.node.consensusrpc;

import org.mercato.consensus.codec.SignatureBytes;
import org.mercato.state.crypto.Signature;

/** The value formats of docs/spec/consensus.md §12. */
final class ConsensusJson {
  private ConsensusJson() {}

  /** A 0x-quantity; a negative value (a proposer priority) as {@code -0x…}. */
  static String quantity(long v) {
    return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
  }

  /** r ‖ s ‖ recId, as in commits (§9). */
  static String signature(Signature s) {
    return SignatureBytes.encode(s).toHexString();
  }
}
