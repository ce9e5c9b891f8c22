package org.mercato.state.tx;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Hash;

/** RLP of the three envelopes: what is signed, and the signed wire form. */
final class TransactionEncoding {
  private TransactionEncoding() {}

  /** keccak of the payload the sender signed (EIP-155 for protected legacy, type byte || rlp for typed). */
  static Hash signingHash(TxBody b) {
    if (b.type() == TransactionType.LEGACY) {
      return Keccak.hash(RLP.encodeList(w -> {
        writeLegacyFields(w, b);
        if (b.chainId().isPresent()) {
          w.writeValue(u64(b.chainId().getAsLong()));
          w.writeValue(Bytes.EMPTY);
          w.writeValue(Bytes.EMPTY);
        }
      }));
    }
    return Keccak.hash(typed(b.type(), RLP.encodeList(w -> writeTypedFields(w, b))));
  }

  /** The canonical signed encoding (the eth_sendRawTransaction form). */
  static Bytes encodeSigned(TxBody b, Signature sig) {
    if (b.type() == TransactionType.LEGACY) {
      long v = b.chainId().isPresent() ? b.chainId().getAsLong() * 2 + 35 + sig.recId() : 27 + sig.recId();
      return flat(RLP.encodeList(w -> {
        writeLegacyFields(w, b);
        w.writeValue(u64(v));
        w.writeValue(unsigned(sig.r()));
        w.writeValue(unsigned(sig.s()));
      }));
    }
    return typed(b.type(), RLP.encodeList(w -> {
      writeTypedFields(w, b);
      w.writeValue(u64(sig.recId()));
      w.writeValue(unsigned(sig.r()));
      w.writeValue(unsigned(sig.s()));
    }));
  }

  /**
   * One flat array: tuweni's RLP output is a ConcatenatedBytes, whose slice().toArray() throws
   * (2.3.1: "element sizes do not match total size"), and callers slice encodings.
   */
  private static Bytes flat(Bytes b) {
    return Bytes.wrap(b.toArray());
  }

  /** type byte || rlp, flat (see {@link #flat}). */
  private static Bytes typed(TransactionType type, Bytes rlp) {
    byte[] out = new byte[1 + rlp.size()];
    out[0] = (byte) type.typeByte();
    System.arraycopy(rlp.toArrayUnsafe(), 0, out, 1, rlp.size());
    return Bytes.wrap(out);
  }

  private static void writeLegacyFields(RLPWriter w, TxBody b) {
    w.writeValue(u64(b.nonce()));
    w.writeValue(b.maxFeePerGas().toMinimalBytes());
    w.writeValue(u64(b.gasLimit()));
    w.writeValue(b.to().map(a -> a.bytes()).orElse(Bytes.EMPTY));
    w.writeValue(b.value().toMinimalBytes());
    w.writeValue(b.data());
  }

  private static void writeTypedFields(RLPWriter w, TxBody b) {
    w.writeValue(u64(b.chainId().orElseThrow()));
    w.writeValue(u64(b.nonce()));
    if (b.type() == TransactionType.DYNAMIC_FEE) {
      w.writeValue(b.maxPriorityFeePerGas().toMinimalBytes());
    }
    w.writeValue(b.maxFeePerGas().toMinimalBytes());
    w.writeValue(u64(b.gasLimit()));
    w.writeValue(b.to().map(a -> a.bytes()).orElse(Bytes.EMPTY));
    w.writeValue(b.value().toMinimalBytes());
    w.writeValue(b.data());
    writeAccessList(w, b.accessList());
  }

  private static void writeAccessList(RLPWriter w, List<AccessListEntry> list) {
    w.writeList(outer -> {
      for (AccessListEntry e : list) {
        outer.writeList(entry -> {
          entry.writeValue(e.address().bytes());
          entry.writeList(keys -> e.storageKeys().forEach(keys::writeValue));
        });
      }
    });
  }

  /** Minimal big-endian bytes of an unsigned 64-bit value (empty for zero). */
  static Bytes u64(long unsignedValue) {
    return Bytes.ofUnsignedLong(unsignedValue).trimLeadingZeros();
  }

  private static Bytes unsigned(BigInteger v) {
    return Bytes.wrap(v.toByteArray()).trimLeadingZeros();
  }
}
