package org.mercato.consensus.privval;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.codec.SignatureBytes;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Hash;

/**
 * The last message this validator signed: its (height, round, step), the keccak of its sign bytes
 * and the signature (docs/spec/consensus.md, "Double-sign protection"). Immutable.
 *
 * <p>On disk: {@code rlp([version, chainId, height, round, step, signBytesHash, r||s||recId]) ‖
 * keccak256(that rlp)}; the trailing hash detects a torn or flipped file.
 */
public record SigningRecord(ChainId chainId, long height, int round, SignStep step, Hash signBytesHash, Signature signature) {
  static final int VERSION = 1;

  public SigningRecord {
    Objects.requireNonNull(chainId);
    Objects.requireNonNull(step);
    Objects.requireNonNull(signBytesHash);
    Objects.requireNonNull(signature);
    if (height < 1 || round < 0) {
      throw new IllegalArgumentException("height must be >= 1 and round >= 0");
    }
  }

  /** Compares (height, round, step) lexicographically with another position. */
  public int comparePosition(long h, int r, SignStep s) {
    int c = Long.compare(height, h);
    if (c == 0) {
      c = Integer.compare(round, r);
    }
    if (c == 0) {
      c = Integer.compare(step.code(), s.code());
    }
    return c;
  }

  public byte[] toFileBytes() {
    Bytes payload = RLP.encodeList(w -> {
      w.writeInt(VERSION);
      w.writeString(chainId.value());
      w.writeLong(height);
      w.writeInt(round);
      w.writeInt(step.code());
      w.writeValue(signBytesHash.bytes());
      w.writeValue(SignatureBytes.encode(signature));
    });
    return ChecksummedFile.seal(payload);
  }

  /** Parses and checks a record file; any defect is a {@link CorruptSigningRecordException}. */
  public static SigningRecord fromFileBytes(byte[] file) {
    Bytes payload = ChecksummedFile.open(file, "signing record", CorruptSigningRecordException::new);
    try {
      return RLP.decodeList(payload, r -> {
        int version = r.readInt();
        if (version != VERSION) {
          throw new CorruptSigningRecordException("unknown signing record version " + version);
        }
        ChainId chain = new ChainId(r.readString());
        long h = r.readLong();
        int round = r.readInt();
        SignStep step = SignStep.fromCode(r.readInt());
        Bytes hash = r.readValue();
        Bytes sig = r.readValue();
        if (!r.isComplete()) {
          throw new CorruptSigningRecordException("signing record has extra fields");
        }
        if (hash.size() != 32) {
          throw new CorruptSigningRecordException("sign bytes hash must be 32 bytes");
        }
        return new SigningRecord(chain, h, round, step, Hash.wrap(hash), SignatureBytes.decode(sig));
      });
    } catch (CorruptSigningRecordException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CorruptSigningRecordException("signing record does not decode: " + e.getMessage(), e);
    }
  }
}
