package org.mercato.state.storage;

import java.util.Optional;

/**
 * The node's persistent key-value store. Every change goes through a {@link WriteBatch}, committed
 * atomically, so a block (state, receipts, indexes, head pointer) is either wholly on disk or not at all.
 */
public interface Database extends AutoCloseable {
  Optional<byte[]> get(Column column, byte[] key);

  WriteBatch newWriteBatch();

  @Override
  void close();
}
