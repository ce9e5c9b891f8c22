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

  public Bytes encoded() {
    Bytes rlp = RLP.encodeList(w -> {
      w.writeValue(success ? Bytes.of(1) : Bytes.EMPTY);
      w.writeLong(cumulativeGasUsed);
      w.writeValue(bloom);
      w.writeList(logs, (lw, log) -> log.writeTo(lw));
    });
    return type == TransactionType.LEGACY ? rlp : Bytes.concatenate(Bytes.of(type.typeByte()), rlp);
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
