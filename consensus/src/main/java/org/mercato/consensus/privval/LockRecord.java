package org.mercato.consensus.privval;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.state.types.Hash;

/**
 * A validator's lock at one height, as persisted (docs/spec/consensus.md §8.1): {@code lockedRound}
 * and {@code lockedValue} (both unset, or both set), {@code validRound} and {@code validValue}, and
 * {@code validProposal}, the consensus encoding (§9) of the signed proposal of {@code validValue} in
 * {@code validRound} with its block. The engine decodes and re-validates that proposal on restore;
 * here it is opaque bytes, so this record needs no transaction decoder.
 *
 * {@code polka} holds the consensus encodings of the prevotes that made {@code validValue} valid, so a
 * restarted validator can prevote its re-proposal (L28); opaque here as well.
 *
 * <p>On disk: {@code rlp([version, chainId, height, lockedRound+1, lockedValue or empty, validRound,
 * validValue, validProposal, [prevote, ...]]) ‖ keccak256(that rlp)}; the trailing hash detects a torn or flipped file.
 */
public record LockRecord(ChainId chainId, Height height, Round lockedRound, Optional<Hash> lockedValue, Round validRound,
    Hash validValue, Bytes validProposal, List<Bytes> polka) {
  static final int VERSION = 2;

  /** Without the polka's prevotes. */
  public LockRecord(ChainId chainId, Height height, Round lockedRound, Optional<Hash> lockedValue, Round validRound,
      Hash validValue, Bytes validProposal) {
    this(chainId, height, lockedRound, lockedValue, validRound, validValue, validProposal, List.of());
  }

  public LockRecord {
    Objects.requireNonNull(chainId);
    Objects.requireNonNull(height);
    Objects.requireNonNull(lockedRound);
    Objects.requireNonNull(lockedValue);
    Objects.requireNonNull(validRound);
    Objects.requireNonNull(validValue);
    Objects.requireNonNull(validProposal);
    polka = List.copyOf(polka);
    if (height.value() < 1 || validRound.isNil() || lockedValue.isPresent() == lockedRound.isNil()
        || lockedRound.isAfter(validRound) || validProposal.isEmpty()) {
      throw new IllegalArgumentException("inconsistent lock record at height " + height + ": locked " + lockedRound
          + ", valid " + validRound);
    }
  }

  public byte[] toFileBytes() {
    Bytes payload = RLP.encodeList(w -> {
      w.writeInt(VERSION);
      w.writeString(chainId.value());
      w.writeLong(height.value());
      w.writeLong(lockedRound.value() + 1L);
      w.writeValue(lockedValue.map(h -> (Bytes) h.bytes()).orElse(Bytes.EMPTY));
      w.writeInt(validRound.value());
      w.writeValue(validValue.bytes());
      w.writeValue(validProposal);
      w.writeList(polka, (lw, vote) -> lw.writeValue(vote));
    });
    return ChecksummedFile.seal(payload);
  }

  /** Parses and checks a record file; any defect is a {@link CorruptLockRecordException}. */
  public static LockRecord fromFileBytes(byte[] file) {
    Bytes payload = ChecksummedFile.open(file, "lock record", CorruptLockRecordException::new);
    LockRecord r;
    try {
      r = RLP.decodeList(payload, in -> {
        int version = in.readInt();
        if (version != VERSION) {
          throw new CorruptLockRecordException("unknown lock record version " + version);
        }
        ChainId chain = new ChainId(in.readString());
        Height h = Height.of(in.readLong());
        Round locked = Round.of(Math.toIntExact(in.readLong() - 1));
        Bytes lockedValue = in.readValue();
        Round valid = Round.of(in.readInt());
        Bytes validValue = in.readValue();
        Bytes proposal = in.readValue();
        List<Bytes> prevotes = in.readListContents(RLPReader::readValue);
        if (!in.isComplete()) {
          throw new CorruptLockRecordException("lock record has extra fields");
        }
        if ((!lockedValue.isEmpty() && lockedValue.size() != 32) || validValue.size() != 32) {
          throw new CorruptLockRecordException("lock record values must be 32-byte hashes");
        }
        return new LockRecord(chain, h, locked, lockedValue.isEmpty() ? Optional.empty() : Optional.of(Hash.wrap(lockedValue)),
            valid, Hash.wrap(validValue), proposal, prevotes);
      });
    } catch (CorruptLockRecordException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CorruptLockRecordException("lock record does not decode: " + e.getMessage(), e);
    }
    // One encoding per record: a non-canonical file is damage, not a lock.
    if (!Bytes.wrap(r.toFileBytes()).equals(Bytes.wrap(file))) {
      throw new CorruptLockRecordException("lock record is not canonically encoded");
    }
    return r;
  }
}
