package org.mercato.state.tx;

import org.apache.tuweni.bytes.Bytes;

/**
 * Turns raw bytes (eth_sendRawTransaction, block bodies, gossip) into a {@link Transaction}:
 * strict RLP, signature range and low-s checks, sender recovery. Never throws on bad input.
 * TODO(helper: crypto+tx) implement.
 */
public final class TransactionDecoder {
  public TransactionDecoder() {}

  public DecodeResult decode(Bytes raw) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
