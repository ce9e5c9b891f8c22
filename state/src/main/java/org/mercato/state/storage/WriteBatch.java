package org.mercato.state.storage;

/** An atomic group of writes; nothing is visible to readers until {@link #commit()}. */
public interface WriteBatch extends AutoCloseable {
  void put(Column column, byte[] key, byte[] value);

  void delete(Column column, byte[] key);

  /** Writes everything atomically (WAL on), then the batch may not be used again. */
  void commit();

  /** Releases native memory; discards the writes if not committed. */
  @Override
  void close();
}
