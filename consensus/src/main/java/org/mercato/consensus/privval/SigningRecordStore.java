package org.mercato.consensus.privval;

import java.io.IOException;
import java.util.Optional;

/** Where the {@link GuardedSigner} keeps its {@link SigningRecord}. */
public interface SigningRecordStore {
  /** The stored record, or empty if none was ever stored; a damaged one throws {@link CorruptSigningRecordException}. */
  Optional<SigningRecord> load();

  /** Makes {@code record} durable before returning (or throws: then the old record may still be in force). */
  void save(SigningRecord record) throws IOException;
}
