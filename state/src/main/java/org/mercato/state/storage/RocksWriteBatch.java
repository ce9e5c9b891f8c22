package org.mercato.state.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.rocksdb.RocksDBException;

/** A {@link WriteBatch} over a native RocksDB batch: atomic on commit, discarded on close otherwise. */
final class RocksWriteBatch implements WriteBatch {
  private final RocksDatabase database;
  private final org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch();
  private boolean done;

  RocksWriteBatch(RocksDatabase database) {
    this.database = database;
  }

  @Override
  public void put(Column column, byte[] key, byte[] value) {
    ensureUsable();
    try {
      batch.put(database.handle(column), key, value);
    } catch (RocksDBException e) {
      throw new UncheckedIOException(new IOException("batch put failed in " + column, e));
    }
  }

  @Override
  public void delete(Column column, byte[] key) {
    ensureUsable();
    try {
      batch.delete(database.handle(column), key);
    } catch (RocksDBException e) {
      throw new UncheckedIOException(new IOException("batch delete failed in " + column, e));
    }
  }

  @Override
  public void commit() {
    ensureUsable();
    database.write(batch);
    done = true;
  }

  @Override
  public void close() {
    done = true;
    batch.close();
  }

  private void ensureUsable() {
    if (done) {
      throw new IllegalStateException("write batch already committed or closed");
    }
  }
}
