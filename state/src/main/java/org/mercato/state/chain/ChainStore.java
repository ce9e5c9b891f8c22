package org.mercato.state.chain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.mercato.state.block.Block;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.Receipt;
import org.mercato.state.storage.Column;
import org.mercato.state.storage.Database;
import org.mercato.state.storage.WriteBatch;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * Blocks, receipts and their indexes in the database (key layouts in {@link Column}). Writes only
 * go into a caller's {@link WriteBatch}, so a block and its state commit together or not at all.
 */
public final class ChainStore {
  private static final byte[] HEAD_KEY = "head".getBytes(StandardCharsets.US_ASCII);

  private final Database db;
  private final TransactionDecoder decoder;

  public ChainStore(Database db, TransactionDecoder decoder) {
    this.db = db;
    this.decoder = decoder;
  }

  public Optional<Hash> headHash() {
    return db.get(Column.META, HEAD_KEY).map(b -> Hash.wrap(Bytes.wrap(b)));
  }

  public Optional<Hash> canonicalHash(long number) {
    return db.get(Column.CANONICAL, numberKey(number)).map(b -> Hash.wrap(Bytes.wrap(b)));
  }

  public Optional<BlockHeader> header(Hash hash) {
    return db.get(Column.HEADERS, hash.bytes().toArrayUnsafe()).map(b -> BlockHeader.decode(Bytes.wrap(b)));
  }

  public Optional<BlockHeader> header(long number) {
    return canonicalHash(number).flatMap(this::header);
  }

  public Optional<Block> block(Hash hash) {
    return header(hash).map(h -> new Block(h, transactions(hash), evidence(hash)));
  }

  /** The evidence items of a stored block (opaque bytes; consensus decodes them); empty if it has none. */
  public List<Bytes> evidence(Hash blockHash) {
    return db.get(Column.EVIDENCE, blockHash.bytes().toArrayUnsafe())
        .map(b -> Block.decodeEvidence(Bytes.wrap(b)))
        .orElse(List.of());
  }

  /** The evidence items of the canonical block {@code number}; empty if it has none or is unknown. */
  public List<Bytes> evidence(long number) {
    return canonicalHash(number).map(this::evidence).orElse(List.of());
  }

  /** The transactions of a stored block. Senders are stored beside them, so reading recovers no signature. */
  public List<Transaction> transactions(Hash blockHash) {
    Optional<byte[]> body = db.get(Column.BODIES, blockHash.bytes().toArrayUnsafe());
    if (body.isEmpty()) {
      return List.of();
    }
    return RLP.decodeList(Bytes.wrap(body.get()), r -> r.readListContents(item -> item.readList(e -> {
      Bytes raw = e.readValue();
      Address sender = new Address(e.readValue());
      return decoder.decodeTrusted(raw, sender);
    })));
  }

  /**
   * The encoded transactions of a stored block, without decoding them (hashes, sizes): what
   * eth_getBlockByNumber needs when it is asked for hashes only.
   */
  public List<Bytes> encodedTransactions(Hash blockHash) {
    Optional<byte[]> body = db.get(Column.BODIES, blockHash.bytes().toArrayUnsafe());
    if (body.isEmpty()) {
      return List.of();
    }
    return RLP.decodeList(Bytes.wrap(body.get()), r -> r.readListContents(item -> item.readList(e -> {
      Bytes raw = e.readValue();
      e.skipNext();
      return raw;
    })));
  }

  /** Transaction {@code index} of a stored block, decoding only that one (receipt and transaction lookups). */
  public Optional<Transaction> transaction(Hash blockHash, int index) {
    Optional<byte[]> body = db.get(Column.BODIES, blockHash.bytes().toArrayUnsafe());
    if (body.isEmpty() || index < 0) {
      return Optional.empty();
    }
    // The body is rlp([[tx, sender]...]) wrapped in one outer list, as writeBlock writes it.
    return RLP.decodeList(Bytes.wrap(body.get()), outer -> outer.readList(r -> {
      for (int i = 0; i < index; i++) {
        if (r.isComplete()) {
          return Optional.<Transaction>empty();
        }
        r.skipNext();
      }
      if (r.isComplete()) {
        return Optional.<Transaction>empty();
      }
      return Optional.of(r.readList(e -> {
        Bytes raw = e.readValue();
        Address sender = new Address(e.readValue());
        return decoder.decodeTrusted(raw, sender);
      }));
    }));
  }

  public List<Receipt> receipts(Hash blockHash) {
    Optional<byte[]> raw = db.get(Column.RECEIPTS, blockHash.bytes().toArrayUnsafe());
    if (raw.isEmpty()) {
      return List.of();
    }
    List<Bytes> encoded = RLP.decodeList(Bytes.wrap(raw.get()), r -> r.readListContents(x -> x.readValue()));
    List<Receipt> out = new ArrayList<>(encoded.size());
    encoded.forEach(e -> out.add(Receipt.decode(e)));
    return out;
  }

  public Optional<TransactionLocation> location(Hash txHash) {
    return db.get(Column.TX_LOCATIONS, txHash.bytes().toArrayUnsafe()).map(b -> {
      Bytes v = Bytes.wrap(b);
      return new TransactionLocation(Hash.wrap(v.slice(0, 32)), v.getInt(32));
    });
  }

  /** Adds a block, its receipts and indexes to {@code batch}, and makes it the head. */
  public void writeBlock(WriteBatch batch, Block block, List<Receipt> receipts) {
    byte[] hash = block.hash().bytes().toArrayUnsafe();
    batch.put(Column.HEADERS, hash, block.header().encoded().toArrayUnsafe());
    Bytes body = RLP.encodeList(w -> w.writeList(block.transactions(), (lw, tx) -> lw.writeList(e -> {
      e.writeValue(tx.encoded());
      e.writeValue(tx.sender().bytes());
    })));
    batch.put(Column.BODIES, hash, body.toArrayUnsafe());
    if (!block.evidence().isEmpty()) {
      batch.put(Column.EVIDENCE, hash, Block.encodeEvidence(block.evidence()).toArrayUnsafe());
    }
    Bytes rc = RLP.encodeList(w -> w.writeList(receipts, (lw, r) -> lw.writeValue(r.encoded())));
    batch.put(Column.RECEIPTS, hash, rc.toArrayUnsafe());
    batch.put(Column.CANONICAL, numberKey(block.number()), hash);
    List<Transaction> txs = block.transactions();
    for (int i = 0; i < txs.size(); i++) {
      // block hash (32) || index (4, big-endian), as location() reads it; built in place, no concatenation
      byte[] location = Arrays.copyOf(hash, 36);
      location[32] = (byte) (i >>> 24);
      location[33] = (byte) (i >>> 16);
      location[34] = (byte) (i >>> 8);
      location[35] = (byte) i;
      batch.put(Column.TX_LOCATIONS, txs.get(i).hash().bytes().toArrayUnsafe(), location);
    }
    batch.put(Column.META, HEAD_KEY, hash);
  }

  static byte[] numberKey(long number) {
    return Bytes.ofUnsignedLong(number).toArrayUnsafe();
  }
}
