package org.mercato.state.tx;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * Turns raw bytes (eth_sendRawTransaction, block bodies, gossip) into a {@link Transaction}:
 * strict RLP, signature range and low-s checks, sender recovery. Never throws on bad input.
 *
 * <p>Accepted: EIP-2930 (0x01), EIP-1559 (0x02) and legacy RLP lists, the latter with EIP-155 v or
 * the pre-EIP-155 v = 27/28 (decoded here so the node can name it; {@link TransactionValidator}
 * refuses it as replayable). Chain ids above {@link Transaction#MAX_CHAIN_ID} are refused here.
 * Policy (chain id match, contract creation, gas) is the validator's job, not the decoder's.
 *
 * <p>Thread-safe and stateless.
 */
public final class TransactionDecoder {
  private static final BigInteger V_27 = BigInteger.valueOf(27);
  private static final BigInteger V_28 = BigInteger.valueOf(28);
  private static final BigInteger V_35 = BigInteger.valueOf(35);
  private static final BigInteger MAX_CHAIN_ID = BigInteger.valueOf(Transaction.MAX_CHAIN_ID);
  /** Transactions per task in {@link #decodeAll}: large enough to amortise hand-off, small enough to balance. */
  private static final int CHUNK = 64;

  private final Secp256k1 curve;

  public TransactionDecoder(Secp256k1 curve) {
    this.curve = curve;
  }

  /** Uses the process's best secp256k1 ({@link Secp256k1s#best()}). */
  public TransactionDecoder() {
    this(Secp256k1s.best());
  }

  public DecodeResult decode(Bytes raw) {
    try {
      return DecodeResult.ok(decodeOrFail(raw));
    } catch (DecodeFailure f) {
      return DecodeResult.rejected(f.reason, f.detail);
    } catch (RuntimeException unexpected) {
      // Trust boundary: whatever the RLP library throws on hostile bytes is an encoding error.
      return DecodeResult.rejected(TransactionRejection.MALFORMED, "undecodable: " + unexpected);
    }
  }

  /**
   * Decodes every element, recovering senders on {@code executor} (the expensive part), and returns
   * the results in input order. Work the executor refuses runs on the calling thread.
   */
  public List<DecodeResult> decodeAll(List<Bytes> raws, Executor executor) {
    return decodeAll(raws, executor, KnownTransactions.NONE);
  }

  /**
   * Like {@link #decodeAll(List, Executor)}, but an element whose hash {@code known} holds with the
   * very same encoding is taken from there: no second sender recovery for a transaction this node
   * already admitted (a proposed block is mostly transactions gossip brought into the pool).
   */
  public List<DecodeResult> decodeAll(List<Bytes> raws, Executor executor, KnownTransactions known) {
    List<CompletableFuture<List<DecodeResult>>> parts = new ArrayList<>();
    for (int from = 0; from < raws.size(); from += CHUNK) {
      List<Bytes> chunk = raws.subList(from, Math.min(raws.size(), from + CHUNK));
      CompletableFuture<List<DecodeResult>> part;
      try {
        part = CompletableFuture.supplyAsync(() -> decodeChunk(chunk, known), executor);
      } catch (RejectedExecutionException busy) {
        part = CompletableFuture.completedFuture(decodeChunk(chunk, known));
      }
      parts.add(part);
    }
    List<DecodeResult> out = new ArrayList<>(raws.size());
    for (CompletableFuture<List<DecodeResult>> part : parts) {
      out.addAll(part.join());
    }
    return out;
  }

  private List<DecodeResult> decodeChunk(List<Bytes> chunk, KnownTransactions known) {
    List<DecodeResult> out = new ArrayList<>(chunk.size());
    for (Bytes raw : chunk) {
      Optional<Transaction> held = known == KnownTransactions.NONE || raw == null || raw.isEmpty()
          ? Optional.empty() : known.lookup(Keccak.hash(raw));
      // Same hash and same bytes: the same transaction, with the sender we recovered ourselves.
      out.add(held.isPresent() && held.get().encoded().equals(raw) ? DecodeResult.ok(held.get()) : decode(raw));
    }
    return out;
  }

  /**
   * Decodes a transaction this node stored itself, with the sender it recovered when it first
   * admitted it: no signature recovery, which keeps block and receipt reads cheap. Bytes that do
   * not decode mean a corrupt database, which is an invariant broken, not bad input.
   */
  public Transaction decodeTrusted(Bytes raw, Address sender) {
    try {
      Decoded d = decodeStructure(raw);
      return new Transaction(d.body, d.signature, sender, d.raw, Keccak.hash(d.raw));
    } catch (DecodeFailure f) {
      throw new IllegalStateException("stored transaction does not decode: " + f.detail, f);
    }
  }

  private Transaction decodeOrFail(Bytes input) {
    Decoded d = decodeStructure(input);
    d.signature.defect().ifPresent(defect -> {
      throw new DecodeFailure(TransactionRejection.INVALID_SIGNATURE, defect.description());
    });
    Hash signingHash = TransactionEncoding.signingHash(d.body);
    Address sender = curve.recoverAddress(signingHash, d.signature)
        .orElseThrow(() -> new DecodeFailure(TransactionRejection.INVALID_SENDER, "no public key recovers from this signature"));
    return new Transaction(d.body, d.signature, sender, d.raw, Keccak.hash(d.raw));
  }

  private Decoded decodeStructure(Bytes input) {
    if (input == null || input.isEmpty()) {
      throw DecodeFailure.malformed("empty input");
    }
    // One copy: the caller's array may be reused, the transaction must not change under us.
    Bytes raw = Bytes.wrap(input.toArray());
    int first = raw.get(0) & 0xff;
    Decoded d;
    if (first >= 0xc0) {
      requireSingleItem(raw);
      d = RLP.decodeList(raw, false, in -> legacy(new FieldReader(in, "legacy transaction", 9)));
    } else if (first == TransactionType.ACCESS_LIST.typeByte() || first == TransactionType.DYNAMIC_FEE.typeByte()) {
      Bytes payload = raw.slice(1);
      if (payload.isEmpty() || (payload.get(0) & 0xff) < 0xc0) {
        throw DecodeFailure.malformed("type 0x0" + first + " payload must be an RLP list");
      }
      requireSingleItem(payload);
      d = first == TransactionType.ACCESS_LIST.typeByte()
          ? RLP.decodeList(payload, false, in -> accessListTx(new FieldReader(in, "EIP-2930 transaction", 11)))
          : RLP.decodeList(payload, false, in -> dynamicFeeTx(new FieldReader(in, "EIP-1559 transaction", 12)));
    } else {
      throw new DecodeFailure(TransactionRejection.UNSUPPORTED_TYPE, String.format("leading byte 0x%02x", first));
    }
    return new Decoded(d.body, d.signature, raw);
  }

  private record Decoded(TxBody body, Signature signature, Bytes raw) {
    Decoded(TxBody body, Signature signature) {
      this(body, signature, null);
    }
  }

  private static Decoded legacy(FieldReader f) {
    long nonce = f.u64("nonce");
    Wei gasPrice = f.wei("gasPrice");
    long gasLimit = f.u64("gasLimit");
    Optional<Address> to = f.to("to");
    Wei value = f.wei("value");
    Bytes data = f.bytes("data");
    BigInteger v = f.u256("v", TransactionRejection.INVALID_SIGNATURE);
    BigInteger r = f.u256("r", TransactionRejection.INVALID_SIGNATURE);
    BigInteger s = f.u256("s", TransactionRejection.INVALID_SIGNATURE);
    f.end();
    OptionalLong chainId;
    int recId;
    if (v.equals(V_27) || v.equals(V_28)) {
      chainId = OptionalLong.empty();
      recId = v.intValue() - 27;
    } else if (v.compareTo(V_35) >= 0) {
      BigInteger chain = v.subtract(V_35).shiftRight(1);
      if (chain.compareTo(MAX_CHAIN_ID) > 0) {
        throw new DecodeFailure(TransactionRejection.INVALID_CHAIN_ID, "chain id in v (" + chain + ") exceeds " + Transaction.MAX_CHAIN_ID);
      }
      chainId = OptionalLong.of(chain.longValueExact());
      recId = v.testBit(0) ? 0 : 1; // v = 2 * chainId + 35 + recId, and 35 is odd
    } else {
      throw new DecodeFailure(TransactionRejection.INVALID_SIGNATURE, "v must be 27, 28 or chainId * 2 + 35 + {0,1}, got " + v);
    }
    TxBody body = new TxBody(TransactionType.LEGACY, chainId, nonce, gasPrice, gasPrice, gasLimit, to, value, data, List.of());
    return new Decoded(body, new Signature(r, s, recId));
  }

  private static Decoded accessListTx(FieldReader f) {
    long chainId = chainId(f);
    long nonce = f.u64("nonce");
    Wei gasPrice = f.wei("gasPrice");
    long gasLimit = f.u64("gasLimit");
    Optional<Address> to = f.to("to");
    Wei value = f.wei("value");
    Bytes data = f.bytes("data");
    List<AccessListEntry> accessList = f.accessList("accessList");
    Signature sig = typedSignature(f);
    TxBody body = new TxBody(TransactionType.ACCESS_LIST, OptionalLong.of(chainId), nonce, gasPrice, gasPrice, gasLimit, to, value, data, accessList);
    return new Decoded(body, sig);
  }

  private static Decoded dynamicFeeTx(FieldReader f) {
    long chainId = chainId(f);
    long nonce = f.u64("nonce");
    Wei maxPriorityFee = f.wei("maxPriorityFeePerGas");
    Wei maxFee = f.wei("maxFeePerGas");
    long gasLimit = f.u64("gasLimit");
    Optional<Address> to = f.to("to");
    Wei value = f.wei("value");
    Bytes data = f.bytes("data");
    List<AccessListEntry> accessList = f.accessList("accessList");
    Signature sig = typedSignature(f);
    TxBody body = new TxBody(TransactionType.DYNAMIC_FEE, OptionalLong.of(chainId), nonce, maxPriorityFee, maxFee, gasLimit, to, value, data, accessList);
    return new Decoded(body, sig);
  }

  private static long chainId(FieldReader f) {
    BigInteger chain = f.u256("chainId", TransactionRejection.MALFORMED);
    if (chain.compareTo(MAX_CHAIN_ID) > 0) {
      throw new DecodeFailure(TransactionRejection.INVALID_CHAIN_ID, "chainId " + chain + " exceeds " + Transaction.MAX_CHAIN_ID);
    }
    return chain.longValueExact();
  }

  private static Signature typedSignature(FieldReader f) {
    BigInteger yParity = f.u256("yParity", TransactionRejection.INVALID_SIGNATURE);
    BigInteger r = f.u256("r", TransactionRejection.INVALID_SIGNATURE);
    BigInteger s = f.u256("s", TransactionRejection.INVALID_SIGNATURE);
    f.end();
    if (yParity.compareTo(BigInteger.ONE) > 0) {
      throw new DecodeFailure(TransactionRejection.INVALID_SIGNATURE, "yParity must be 0 or 1, got " + yParity);
    }
    return new Signature(r, s, yParity.intValue());
  }

  /** The RLP library reads the first item only; bytes after it would otherwise slip through unhashed by peers. */
  private static void requireSingleItem(Bytes rlp) {
    int prefix = rlp.get(0) & 0xff;
    long length;
    if (prefix <= 0xf7) {
      length = 1L + (prefix - 0xc0);
    } else {
      int lengthOfLength = prefix - 0xf7;
      if (rlp.size() < 1 + lengthOfLength) {
        throw DecodeFailure.malformed("truncated list header");
      }
      if (lengthOfLength > 4) {
        throw DecodeFailure.malformed("list length field of " + lengthOfLength + " bytes is oversized");
      }
      long payload = 0;
      for (int i = 1; i <= lengthOfLength; i++) {
        payload = (payload << 8) | (rlp.get(i) & 0xff);
      }
      length = 1L + lengthOfLength + payload;
    }
    if (length < rlp.size()) {
      throw DecodeFailure.malformed((rlp.size() - length) + " trailing bytes after the transaction");
    }
    if (length > rlp.size()) {
      throw DecodeFailure.malformed("truncated: list needs " + length + " bytes, got " + rlp.size());
    }
  }
}
