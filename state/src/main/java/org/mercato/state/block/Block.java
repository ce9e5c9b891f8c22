package org.mercato.state.block;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Hash;

/** A header and its transactions. The hash is computed once: headers are immutable. */
public final class Block {
  private final BlockHeader header;
  private final List<Transaction> transactions;
  private final Hash hash;

  public Block(BlockHeader header, List<Transaction> transactions) {
    this.header = header;
    this.transactions = List.copyOf(transactions);
    this.hash = header.hash();
  }

  public BlockHeader header() {
    return header;
  }

  public List<Transaction> transactions() {
    return transactions;
  }

  public Hash hash() {
    return hash;
  }

  public long number() {
    return header.number();
  }

  /** rlp([tx encoding...]): each transaction as an opaque byte string (typed envelopes keep their type byte). */
  public Bytes encodedBody() {
    return RLP.encodeList(w -> w.writeList(transactions, (lw, tx) -> lw.writeValue(tx.encoded())));
  }

  /** The transaction encodings of a stored body, to be decoded (and senders recovered) by the caller. */
  public static List<Bytes> decodeBody(Bytes body) {
    return RLP.decodeList(body, r -> r.readListContents(x -> x.readValue()));
  }


  @Override
  public String toString() {
    return "Block{#" + header.number() + " " + hash + ", " + transactions.size() + " txs}";
  }
}
