package org.mercato.state.block;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;
import org.mercato.state.tx.TransactionType;

/**
 * A transaction's consensus receipt, encoded as Ethereum encodes it (type byte || rlp([status,
 * cumulativeGasUsed, bloom, logs]) for typed envelopes), so the receipts root is Ethereum's.
 * Everything else an RPC receipt shows (gas used, effective price, addresses) is derived from the
 * block and the transaction.
 */
public record Receipt(TransactionType type, boolean success, long cumulativeGasUsed, List<Log> logs, Bytes bloom) {
  public Receipt {
    logs = List.copyOf(logs);
  }

  public static Receipt of(TransactionType type, boolean success, long cumulativeGasUsed, List<Log> logs) {
    return new Receipt(type, success, cumulativeGasUsed, logs, LogsBloom.of(logs));
  }

  /**
   * The consensus encoding, written straight into one array: a block hashes every receipt for its
   * receipts root and stores it again, and a general RLP writer cost more than the hashing. Same
   * bytes as {@code rlp([status, cumulativeGasUsed, bloom, logs])} with the type byte in front.
   */
  public Bytes encoded() {
    byte[] logsRlp = logs.isEmpty() ? EMPTY_LIST : RLP.encode(w -> w.writeList(logs, (lw, log) -> log.writeTo(lw))).toArrayUnsafe();
    byte[] bloomBytes = bloom.toArrayUnsafe();
    int gasLength = 8 - Long.numberOfLeadingZeros(cumulativeGasUsed) / 8; // 0 for zero: the empty string
    int gasSize = gasLength == 1 && cumulativeGasUsed < 0x80 ? 1 : 1 + gasLength;
    int payload = 1 + gasSize + headerSize(bloomBytes.length) + bloomBytes.length + logsRlp.length;
    boolean typed = type != TransactionType.LEGACY;
    byte[] out = new byte[(typed ? 1 : 0) + headerSize(payload) + payload];
    int pos = 0;
    if (typed) {
      out[pos++] = (byte) type.typeByte();
    }
    pos = writeHeader(out, pos, payload, 0xc0);
    out[pos++] = success ? (byte) 0x01 : (byte) 0x80;
    if (gasSize == 1) {
      out[pos++] = gasLength == 0 ? (byte) 0x80 : (byte) cumulativeGasUsed;
    } else {
      out[pos++] = (byte) (0x80 + gasLength);
      for (int i = gasLength - 1; i >= 0; i--) {
        out[pos++] = (byte) (cumulativeGasUsed >>> (8 * i));
      }
    }
    pos = writeHeader(out, pos, bloomBytes.length, 0x80);
    System.arraycopy(bloomBytes, 0, out, pos, bloomBytes.length);
    pos += bloomBytes.length;
    System.arraycopy(logsRlp, 0, out, pos, logsRlp.length);
    return Bytes.wrap(out);
  }

  private static final byte[] EMPTY_LIST = {(byte) 0xc0};

  /** Size of an RLP string or list header for a payload of {@code length} bytes (for a string: one that is not a single byte below 0x80). */
  private static int headerSize(int length) {
    return length < 56 ? 1 : 1 + 4 - Integer.numberOfLeadingZeros(length) / 8;
  }

  private static int writeHeader(byte[] out, int pos, int length, int base) {
    if (length < 56) {
      out[pos++] = (byte) (base + length);
      return pos;
    }
    int ll = 4 - Integer.numberOfLeadingZeros(length) / 8;
    out[pos++] = (byte) (base + 55 + ll);
    for (int i = ll - 1; i >= 0; i--) {
      out[pos++] = (byte) (length >>> (8 * i));
    }
    return pos;
  }

  public static Receipt decode(Bytes encoded) {
    TransactionType type;
    Bytes rlp;
    int first = encoded.get(0) & 0xff;
    if (first >= 0xc0) {
      type = TransactionType.LEGACY;
      rlp = encoded;
    } else {
      type = first == 0x01 ? TransactionType.ACCESS_LIST : TransactionType.DYNAMIC_FEE;
      rlp = encoded.slice(1);
    }
    return RLP.decodeList(rlp, r -> {
      boolean ok = !r.readValue().isEmpty();
      long cumulative = r.readLong();
      Bytes bloom = r.readValue();
      List<Log> logs = r.readListContents(Log::readFrom);
      return new Receipt(type, ok, cumulative, logs, bloom);
    });
  }

  static void writeAll(RLPWriter w, List<Receipt> receipts) {
    w.writeList(receipts, (lw, rc) -> lw.writeValue(rc.encoded()));
  }
}
