package org.mercato.state.block;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * A block header (docs/spec/blocks.md). The hash is keccak256 of the RLP below. {@code lastCommit}
 * carries the consensus commit (signatures) of the parent block, so any node can verify history; the
 * dev engine leaves it empty. {@code evidenceHash} is keccak256 of the body's evidence list
 * ({@link Block#evidenceHash}); {@link Hash#EMPTY_LIST_HASH} for a block without evidence.
 */
public record BlockHeader(
    Hash parentHash,
    long number,
    long timestamp,
    Address proposer,
    Hash stateRoot,
    Hash transactionsRoot,
    Hash receiptsRoot,
    Bytes logsBloom,
    long gasLimit,
    long gasUsed,
    Wei baseFee,
    Bytes lastCommit,
    Hash evidenceHash) {

  public BlockHeader {
    if (logsBloom.size() != LogsBloom.BYTES) {
      throw new IllegalArgumentException("logs bloom must be 256 bytes");
    }
    if (number < 0 || timestamp < 0 || gasLimit < 0 || gasUsed < 0 || gasUsed > gasLimit) {
      throw new IllegalArgumentException("header scalar out of range");
    }
  }

  public Bytes encoded() {
    return RLP.encodeList(w -> {
      w.writeValue(parentHash.bytes());
      w.writeLong(number);
      w.writeLong(timestamp);
      w.writeValue(proposer.bytes());
      w.writeValue(stateRoot.bytes());
      w.writeValue(transactionsRoot.bytes());
      w.writeValue(receiptsRoot.bytes());
      w.writeValue(logsBloom);
      w.writeLong(gasLimit);
      w.writeLong(gasUsed);
      w.writeValue(baseFee.toMinimalBytes());
      w.writeValue(lastCommit);
      w.writeValue(evidenceHash.bytes());
    });
  }

  public static BlockHeader decode(Bytes rlp) {
    return RLP.decodeList(rlp, r -> new BlockHeader(
        Hash.wrap(r.readValue()),
        r.readLong(),
        r.readLong(),
        new Address(r.readValue()),
        Hash.wrap(r.readValue()),
        Hash.wrap(r.readValue()),
        Hash.wrap(r.readValue()),
        r.readValue(),
        r.readLong(),
        r.readLong(),
        Wei.fromBytes(r.readValue()),
        r.readValue(),
        Hash.wrap(r.readValue())));
  }

  public Hash hash() {
    return Keccak.hash(encoded());
  }

  public static Bytes32 numberKey(long number) {
    return Bytes32.leftPad(Bytes.ofUnsignedLong(number));
  }
}
