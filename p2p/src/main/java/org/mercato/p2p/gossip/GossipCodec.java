package org.mercato.p2p.gossip;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.mercato.p2p.wire.MessageError;
import org.mercato.p2p.wire.MessageResult;
import org.mercato.p2p.wire.StrictRlp;
import org.mercato.p2p.wire.StrictRlp.Violation;
import org.mercato.state.types.Hash;

/**
 * The mempool channel's messages (docs/spec/p2p.md §11): {@code 0x01 ‖ rlp([tx, ...])}, 1 to {@link #MAX_TXS}
 * canonical transaction encodings of 1 byte to {@link #MAX_TX_BYTES} each; {@code 0x02 ‖ rlp([hash, ...])}, 1 to
 * {@link #MAX_ANNOUNCED} transaction hashes; {@code 0x03 ‖ rlp([hash, ...])}, 1 to {@link #MAX_REQUESTED} hashes.
 */
public final class GossipCodec {
  public static final int TRANSACTIONS = 0x01;
  public static final int ANNOUNCE = 0x02;
  public static final int REQUEST = 0x03;
  public static final int MAX_TXS = 256;
  public static final int MAX_ANNOUNCED = 4_096;
  public static final int MAX_REQUESTED = 256;
  public static final int MAX_TX_BYTES = 128 * 1024;
  public static final int MAX_MESSAGE_BYTES = 1 << 20;

  /** One message of the mempool channel. */
  public sealed interface GossipMessage permits Transactions, Announce, Request {}

  /** A batch of transaction encodings. */
  public record Transactions(List<Bytes> encodings) implements GossipMessage {
    public Transactions {
      encodings = List.copyOf(encodings);
      if (encodings.isEmpty() || encodings.size() > MAX_TXS) {
        throw new IllegalArgumentException("1.." + MAX_TXS + " transactions");
      }
    }
  }

  /** "I have these transactions" (relayed hops announce instead of pushing). */
  public record Announce(List<Hash> hashes) implements GossipMessage {
    public Announce {
      hashes = List.copyOf(hashes);
      if (hashes.isEmpty() || hashes.size() > MAX_ANNOUNCED) {
        throw new IllegalArgumentException("1.." + MAX_ANNOUNCED + " hashes");
      }
    }
  }

  /** "Send me these announced transactions." */
  public record Request(List<Hash> hashes) implements GossipMessage {
    public Request {
      hashes = List.copyOf(hashes);
      if (hashes.isEmpty() || hashes.size() > MAX_REQUESTED) {
        throw new IllegalArgumentException("1.." + MAX_REQUESTED + " hashes");
      }
    }
  }

  private GossipCodec() {}

  public static byte[] encode(GossipMessage m) {
    if (m instanceof Transactions t) {
      return StrictRlp.frame(TRANSACTIONS, RLP.encodeList(w -> t.encodings().forEach(w::writeValue)));
    }
    List<Hash> hashes = m instanceof Announce a ? a.hashes() : ((Request) m).hashes();
    return StrictRlp.frame(m instanceof Announce ? ANNOUNCE : REQUEST,
        RLP.encodeList(w -> hashes.forEach(h -> w.writeValue(h.bytes()))));
  }

  public static MessageResult<GossipMessage> decode(byte[] payload) {
    if (payload == null || payload.length == 0) {
      return MessageResult.fail(MessageError.EMPTY, "");
    }
    if (payload.length > MAX_MESSAGE_BYTES) {
      return MessageResult.fail(MessageError.TOO_LARGE, payload.length + " bytes");
    }
    return switch (payload[0] & 0xff) {
      case TRANSACTIONS -> StrictRlp.<GossipMessage>decode(payload, GossipCodec::transactions, GossipCodec::encode);
      case ANNOUNCE -> StrictRlp.<GossipMessage>decode(payload, r -> new Announce(hashes(r, MAX_ANNOUNCED)), GossipCodec::encode);
      case REQUEST -> StrictRlp.<GossipMessage>decode(payload, r -> new Request(hashes(r, MAX_REQUESTED)), GossipCodec::encode);
      default -> MessageResult.fail(MessageError.UNKNOWN_TYPE, String.format("type 0x%02x", payload[0] & 0xff));
    };
  }

  private static GossipMessage transactions(RLPReader r) {
    List<Bytes> txs = new ArrayList<>();
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

  private static List<Hash> hashes(RLPReader r, int max) {
    List<Hash> out = new ArrayList<>();
    while (!r.isComplete()) {
      if (out.size() == max) {
        throw new Violation(MessageError.OUT_OF_RANGE, "more than " + max + " hashes");
      }
      Bytes h = StrictRlp.bytes(r, "hash", 32);
      if (h.size() != 32) {
        throw new Violation(MessageError.MALFORMED, "a hash of " + h.size() + " bytes");
      }
      out.add(Hash.wrap(h));
    }
    if (out.isEmpty()) {
      throw new Violation(MessageError.OUT_OF_RANGE, "no hashes");
    }
    return out;
  }
}
