package org.mercato.consensus.privval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Hash;

/** The lock record file (docs/spec/consensus.md §8.1): round trip, atomic replacement, damage is a typed error. */
class FileLockRecordStoreTest {
  private static final Hash V = TestValidators.value("v");
  private static final Hash W = TestValidators.value("w");
  private static final Bytes PROPOSAL = Bytes.fromHexString("0xc0ffee"); // opaque to the store

  @TempDir Path dir;

  private FileLockRecordStore store() {
    return new FileLockRecordStore(dir.resolve(FileLockRecordStore.FILE_NAME), TestValidators.CHAIN);
  }

  private static LockRecord locked(long height, int round, Hash value) {
    return new LockRecord(TestValidators.CHAIN, Height.of(height), Round.of(round), Optional.of(value), Round.of(round), value,
        PROPOSAL);
  }

  @Test
  void aMissingFileIsNoLock() {
    assertEquals(Optional.empty(), store().load());
  }

  @Test
  void roundTripsAndTheLastSaveWins() throws IOException {
    LockRecord first = locked(7, 0, V);
    store().save(first);
    assertEquals(Optional.of(first), store().load(), "a new store over the same file: what a restart reads");
    LockRecord validOnly = new LockRecord(TestValidators.CHAIN, Height.of(7), Round.NIL, Optional.empty(), Round.of(2), W,
        PROPOSAL);
    LockRecord lockedEarlier = new LockRecord(TestValidators.CHAIN, Height.of(7), Round.of(1), Optional.of(V), Round.of(3), W,
        PROPOSAL);
    store().save(validOnly);
    assertEquals(Optional.of(validOnly), store().load());
    store().save(lockedEarlier);
    assertEquals(Optional.of(lockedEarlier), store().load());
    assertFalse(Files.exists(dir.resolve(FileLockRecordStore.FILE_NAME + ".tmp")), "the temporary file was renamed");
  }

  @Test
  void aTemporaryFileLeftByACrashIsNeverReadAndTheNextSaveReplacesIt() throws IOException {
    LockRecord saved = locked(3, 1, V);
    store().save(saved);
    // A crash while writing the next record: a torn tmp file, the rename never happened.
    byte[] next = locked(3, 2, W).toFileBytes();
    Files.write(dir.resolve(FileLockRecordStore.FILE_NAME + ".tmp"), java.util.Arrays.copyOf(next, next.length / 2));
    assertEquals(Optional.of(saved), store().load(), "the old record is in force");
    LockRecord after = locked(3, 2, W);
    store().save(after);
    assertEquals(Optional.of(after), store().load());
  }

  @Test
  void damageIsATypedErrorNotAMissingLock() throws IOException {
    Path file = dir.resolve(FileLockRecordStore.FILE_NAME);
    store().save(locked(5, 0, V));
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[10] ^= 1;
    Files.write(file, flipped);
    assertTrue(assertThrows(CorruptLockRecordException.class, store()::load).getMessage().contains("checksum"));

    Files.write(file, java.util.Arrays.copyOf(good, good.length - 40));
    assertThrows(CorruptLockRecordException.class, store()::load);

    Files.write(file, new byte[0]);
    assertThrows(CorruptLockRecordException.class, store()::load);

    Files.write(file, withChecksum(RLP.encodeList(w -> {
      w.writeInt(LockRecord.VERSION + 1); // a version this code does not know
      w.writeString(TestValidators.CHAIN.value());
    })));
    assertTrue(assertThrows(CorruptLockRecordException.class, store()::load).getMessage().contains("version"));

    Files.write(file, withChecksum(RLP.encodeList(w -> {
      w.writeInt(LockRecord.VERSION);
      w.writeString(TestValidators.CHAIN.value());
      w.writeLong(5);
      w.writeLong(2); // locked in round 1
      w.writeValue(Bytes.EMPTY); // ... but no locked value
      w.writeInt(1);
      w.writeValue(V.bytes());
      w.writeValue(PROPOSAL);
    })));
    assertThrows(CorruptLockRecordException.class, store()::load, "well-formed RLP, inconsistent fields");
  }

  @Test
  void aRecordOfAnotherChainIsDamage() throws IOException {
    Path file = dir.resolve(FileLockRecordStore.FILE_NAME);
    new FileLockRecordStore(file, new ChainId("another-chain")).save(new LockRecord(new ChainId("another-chain"), Height.of(2),
        Round.ZERO, Optional.of(V), Round.ZERO, V, PROPOSAL));
    assertTrue(assertThrows(CorruptLockRecordException.class, store()::load).getMessage().contains("another-chain"));
  }

  @Test
  void inconsistentRecordsCannotBeBuilt() {
    assertThrows(IllegalArgumentException.class, () -> new LockRecord(TestValidators.CHAIN, Height.of(1), Round.of(2),
        Optional.of(V), Round.of(1), V, PROPOSAL), "locked after the valid round");
    assertThrows(IllegalArgumentException.class, () -> new LockRecord(TestValidators.CHAIN, Height.of(1), Round.NIL,
        Optional.of(V), Round.of(1), V, PROPOSAL), "a locked value without a round");
    assertThrows(IllegalArgumentException.class, () -> new LockRecord(TestValidators.CHAIN, Height.of(1), Round.NIL,
        Optional.empty(), Round.NIL, V, PROPOSAL), "no valid round");
  }

  private static byte[] withChecksum(Bytes payload) {
    return Bytes.concatenate(payload, Keccak.hash(payload).bytes()).toArrayUnsafe();
  }
}
