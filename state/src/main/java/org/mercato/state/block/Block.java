package org.mercato.state.block;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Hash;

/**
 * A header and its body: transactions and evidence. The hash is computed once: headers are immutable.
 *
 * <p>Evidence items are opaque bytes to state (docs/spec/blocks.md "Evidence"): consensus encodes,
 * decodes and verifies them; state only stores them and checks the header's {@code evidenceHash}.
 */
public final class Block {
  private final BlockHeader header;
  private final List<Transaction> transactions;
  private final List<Bytes> evidence;
  private final Hash hash;

  public Block(BlockHeader header, List<Transaction> transactions, List<Bytes> evidence) {
    this.header = header;
    this.transactions = List.copyOf(transactions);
    this.evidence = List.copyOf(evidence);
    this.hash = header.hash();
  }

  /** A block without evidence. */
  public Block(BlockHeader header, List<Transaction> transactions) {
    this(header, transactions, List.of());
  }

  /** keccak256(rlp([item...])), each item an opaque byte string; {@link Hash#EMPTY_LIST_HASH} for none. */
  public static Hash evidenceHash(List<Bytes> evidence) {
    return evidence.isEmpty() ? Hash.EMPTY_LIST_HASH : Keccak.hash(encodeEvidence(evidence));
  }

  /** rlp([item...]). */
  public static Bytes encodeEvidence(List<Bytes> evidence) {
    return RLP.encodeList(w -> evidence.forEach(w::writeValue));
  }

  public static List<Bytes> decodeEvidence(Bytes rlp) {
    return RLP.decodeList(rlp, r -> {
      List<Bytes> out = new java.util.ArrayList<>();
      while (!r.isComplete()) {
        out.add(r.readValue());
      }
      return out;
    });
  }

  public BlockHeader header() {
    return header;
  }

  public List<Transaction> transactions() {
    return transactions;
  }

  /** The evidence items (opaque to state), in block order. */
  public List<Bytes> evidence() {
    return evidence;
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
    return "Block{#" + header.number() + " " + hash + ", " + transactions.size() + " txs"
        + (evidence.isEmpty() ? "" : ", " + evidence.size() + " evidence") + "}";
  }
}
