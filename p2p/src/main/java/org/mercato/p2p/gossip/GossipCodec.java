package org.mercato.p2p.gossip;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.mercato.p2p.wire.MessageError;
import org.mercato.p2p.wire.MessageResult;
import org.mercato.p2p.wire.StrictRlp;
import org.mercato.p2p.wire.StrictRlp.Violation;

/**
 * The mempool channel's one message (docs/spec/p2p.md §11): {@code 0x01 ‖ rlp([tx, ...])}, 1 to
 * {@link #MAX_TXS} canonical transaction encodings of 1 byte to {@link #MAX_TX_BYTES} each.
 */
public final class GossipCodec {
  public static final int TRANSACTIONS = 0x01;
  public static final int MAX_TXS = 256;
  public static final int MAX_TX_BYTES = 128 * 1024;
  public static final int MAX_MESSAGE_BYTES = 1 << 20;

  /** A batch of transaction encodings. */
  public record Transactions(List<Bytes> encodings) {
    public Transactions {
      encodings = List.copyOf(encodings);
      if (encodings.isEmpty() || encodings.size() > MAX_TXS) {
        throw new IllegalArgumentException("1.." + MAX_TXS + " transactions");
      }
    }
  }

  private GossipCodec() {}

  public static byte[] encode(Transactions m) {
    return StrictRlp.frame(TRANSACTIONS, RLP.encodeList(w -> m.encodings().forEach(w::writeValue)));
  }

  public static MessageResult<Transactions> decode(byte[] payload) {
    if (payload == null || payload.length == 0) {
      return MessageResult.fail(MessageError.EMPTY, "");
    }
    if (payload.length > MAX_MESSAGE_BYTES) {
      return MessageResult.fail(MessageError.TOO_LARGE, payload.length + " bytes");
    }
    if ((payload[0] & 0xff) != TRANSACTIONS) {
      return MessageResult.fail(MessageError.UNKNOWN_TYPE, String.format("type 0x%02x", payload[0] & 0xff));
    }
    return StrictRlp.decode(payload, GossipCodec::transactions, GossipCodec::encode);
  }

  private static Transactions transactions(RLPReader r) {
    List<Bytes> txs = new java.util.ArrayList<>();
    while (!r.isComplete()) {
      if (txs.size() == MAX_TXS) {
        throw new Violation(MessageError.OUT_OF_RANGE, "more than " + MAX_TXS + " transactions");
      }
      Bytes tx = StrictRlp.bytes(r, "transaction", MAX_TX_BYTES);
      if (tx.isEmpty()) {
        throw new Violation(MessageError.MALFORMED, "empty transaction");
      }
      txs.add(tx);
    }
    if (txs.isEmpty()) {
      throw new Violation(MessageError.OUT_OF_RANGE, "no transactions");
    }
    return new Transactions(txs);
  }
}
