package org.mercato.consensus.privval;

import java.io.IOException;
import java.util.Optional;

/** Where a validator keeps its {@link LockRecord} (docs/spec/consensus.md §8.1). */
public interface LockRecordStore {
  /** The stored record, or empty if none was ever stored; a damaged one throws {@link CorruptLockRecordException}. */
  Optional<LockRecord> load();

  /** Makes {@code record} durable before returning (or throws: then the old record may still be in force). */
  void save(LockRecord record) throws IOException;
}
