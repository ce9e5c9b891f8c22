package org.mercato.p2p.sync;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.mercato.p2p.sync.SyncMessage.Blocks;
import org.mercato.p2p.sync.SyncMessage.GetBlocks;
import org.mercato.p2p.sync.SyncMessage.NoBlocks;
import org.mercato.p2p.sync.SyncMessage.Status;
import org.mercato.p2p.sync.SyncMessage.SyncBlock;
import org.mercato.p2p.wire.MessageError;
import org.mercato.p2p.wire.MessageResult;
import org.mercato.p2p.wire.StrictRlp;
import org.mercato.p2p.wire.StrictRlp.Violation;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.types.Hash;

/**
 * Canonical RLP of the block-sync messages (docs/spec/p2p.md §9, §10.1): {@code type ‖ rlp(body)}.
 * {@link #decode} never throws; it checks every bound and that the bytes are the canonical encoding.
 */
public final class SyncCodec {
  public static final int STATUS = 0x01;
  public static final int GET_BLOCKS = 0x02;
  public static final int BLOCKS = 0x03;
  public static final int NO_BLOCKS = 0x04;
  /** The transport's payload bound (docs/spec/p2p.md §3). */
  public static final int MAX_MESSAGE_BYTES = 1 << 20;
  /** A header with a large lastCommit stays far below this. */
  public static final int MAX_HEADER_BYTES = 64 * 1024;
  /** The pool's transaction size bound (TransactionValidator.DEFAULT_MAX_TX_SIZE). */
  public static final int MAX_TX_BYTES = 128 * 1024;
  /** Transactions per block in a message; the 1 MiB bound is the real limit. */
  public static final int MAX_TXS_PER_BLOCK = 1 << 15;
  /** Evidence items per block (consensus includes at most 64; docs/spec/consensus.md §11). */
  public static final int MAX_EVIDENCE_PER_BLOCK = 256;
  /** One evidence item (two votes) is about 300 bytes. */
  public static final int MAX_EVIDENCE_BYTES = 4 * 1024;

  private SyncCodec() {}

  public static byte[] encode(SyncMessage m) {
    if (m instanceof Status s) {
      return StrictRlp.frame(STATUS, RLP.encodeList(w -> {
        w.writeLong(s.headHeight());
        w.writeValue(s.headHash().bytes());
        w.writeValue(s.genesisHash().bytes());
      }));
    }
    if (m instanceof GetBlocks g) {
      return StrictRlp.frame(GET_BLOCKS, RLP.encodeList(w -> {
        w.writeLong(g.requestId());
        w.writeLong(g.from());
        w.writeLong(g.count());
      }));
    }
    if (m instanceof Blocks b) {
      return StrictRlp.frame(BLOCKS, RLP.encodeList(w -> {
        w.writeLong(b.requestId());
        w.writeList(lw -> {
          for (SyncBlock sb : b.blocks()) {
            lw.writeList(bw -> {
              bw.writeValue(sb.header().encoded());
              bw.writeList(tw -> sb.transactions().forEach(tw::writeValue));
              bw.writeList(ew -> sb.evidence().forEach(ew::writeValue));
            });
          }
        });
      }));
    }
    NoBlocks n = (NoBlocks) m;
    return StrictRlp.frame(NO_BLOCKS, RLP.encodeList(w -> {
      w.writeLong(n.requestId());
      w.writeLong(n.reason().ordinal());
    }));
  }

  /** Encoded size of one block inside a Blocks message (for the server's 1 MiB budget). */
  public static int encodedSize(SyncBlock b) {
    int txs = 0;
    for (Bytes tx : b.transactions()) {
      txs += RLP.encodeValue(tx).size();
    }
    int evidence = 0;
    for (Bytes e : b.evidence()) {
      evidence += RLP.encodeValue(e).size();
    }
    int header = RLP.encodeValue(b.header().encoded()).size();
    return listSize(header + listSize(txs) + listSize(evidence));
  }

  /** Size of a list whose items take {@code payload} bytes. */
  static int listSize(int payload) {
    return payload + (payload < 56 ? 1 : 1 + (32 - Integer.numberOfLeadingZeros(payload) + 7) / 8);
  }

  public static MessageResult<SyncMessage> decode(byte[] payload) {
    if (payload == null || payload.length == 0) {
      return MessageResult.fail(MessageError.EMPTY, "");
    }
    if (payload.length > MAX_MESSAGE_BYTES) {
      return MessageResult.fail(MessageError.TOO_LARGE, payload.length + " bytes");
    }
    int type = payload[0] & 0xff;
    return switch (type) {
      case STATUS -> StrictRlp.decode(payload, SyncCodec::status, SyncCodec::encode);
      case GET_BLOCKS -> StrictRlp.decode(payload, SyncCodec::getBlocks, SyncCodec::encode);
      case BLOCKS -> StrictRlp.decode(payload, SyncCodec::blocks, SyncCodec::encode);
      case NO_BLOCKS -> StrictRlp.decode(payload, SyncCodec::noBlocks, SyncCodec::encode);
      default -> MessageResult.fail(MessageError.UNKNOWN_TYPE, String.format("type 0x%02x", type));
    };
  }

  private static SyncMessage status(RLPReader r) {
    long height = StrictRlp.u64(r, "headHeight", Long.MAX_VALUE);
    Hash head = Hash.wrap(StrictRlp.fixed(r, "headHash", 32));
    Hash genesis = Hash.wrap(StrictRlp.fixed(r, "genesisHash", 32));
    return new Status(height, head, genesis);
  }

  private static SyncMessage getBlocks(RLPReader r) {
    long id = StrictRlp.u64(r, "requestId", Long.MAX_VALUE);
    long from = StrictRlp.u64(r, "from", Long.MAX_VALUE);
    long count = StrictRlp.u64(r, "count", SyncMessage.MAX_BLOCKS);
    if (count == 0) {
      throw new Violation(MessageError.OUT_OF_RANGE, "count 0");
    }
    return new GetBlocks(id, from, (int) count);
  }

  private static SyncMessage blocks(RLPReader r) {
    long id = StrictRlp.u64(r, "requestId", Long.MAX_VALUE);
    List<SyncBlock> blocks = StrictRlp.list(r, "blocks", 1, SyncMessage.MAX_BLOCKS, br -> StrictRlp.nested(br, "block", b -> {
      Bytes headerRlp = StrictRlp.bytes(b, "header", MAX_HEADER_BYTES);
      BlockHeader header;
      try {
        header = BlockHeader.decode(headerRlp);
      } catch (RuntimeException e) {
        throw new Violation(MessageError.MALFORMED, "header does not decode: " + e.getMessage());
      }
      if (!header.encoded().equals(headerRlp)) {
        throw new Violation(MessageError.NON_CANONICAL, "header #" + header.number() + " is not canonical");
      }
      List<Bytes> txs = StrictRlp.list(b, "transactions", 0, MAX_TXS_PER_BLOCK, tr -> {
        Bytes tx = StrictRlp.bytes(tr, "transaction", MAX_TX_BYTES);
        if (tx.isEmpty()) {
          throw new Violation(MessageError.MALFORMED, "empty transaction");
        }
        return tx;
      });
      List<Bytes> evidence = StrictRlp.list(b, "evidence", 0, MAX_EVIDENCE_PER_BLOCK, er -> {
        Bytes e = StrictRlp.bytes(er, "evidence item", MAX_EVIDENCE_BYTES);
        if (e.isEmpty()) {
          throw new Violation(MessageError.MALFORMED, "empty evidence item");
        }
        return e;
      });
      return new SyncBlock(header, txs, evidence);
    }));
    return new Blocks(id, blocks);
  }

  private static SyncMessage noBlocks(RLPReader r) {
    long id = StrictRlp.u64(r, "requestId", Long.MAX_VALUE);
    long reason = StrictRlp.u64(r, "reason", NoBlocks.Reason.values().length - 1);
    return new NoBlocks(id, NoBlocks.Reason.values()[(int) reason]);
  }
}
