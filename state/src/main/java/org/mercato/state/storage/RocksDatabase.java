package org.mercato.state.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * {@link Database} on RocksDB: one column family per {@link Column} (plus RocksDB's mandatory
 * default family, unused), a shared LRU block cache and 10-bit bloom filters so point lookups of
 * absent keys (new accounts, empty slots) rarely touch disk.
 */
public final class RocksDatabase implements Database {
  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final Map<Column, ColumnFamilyHandle> handles;
  private final List<ColumnFamilyHandle> allHandles;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache blockCache;
  private final BloomFilter bloomFilter;
  private final WriteOptions writeOptions;
  private volatile boolean closed;

  private RocksDatabase(
      RocksDB db,
      Map<Column, ColumnFamilyHandle> handles,
      List<ColumnFamilyHandle> allHandles,
      DBOptions dbOptions,
      ColumnFamilyOptions cfOptions,
      LRUCache blockCache,
      BloomFilter bloomFilter,
      WriteOptions writeOptions) {
    this.db = db;
    this.handles = handles;
    this.allHandles = allHandles;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.blockCache = blockCache;
    this.bloomFilter = bloomFilter;
    this.writeOptions = writeOptions;
  }

  public static RocksDatabase open(Path directory) {
    return open(directory, RocksDatabaseOptions.defaults());
  }

  public static RocksDatabase open(Path directory, RocksDatabaseOptions options) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create database directory " + directory, e);
    }
    LRUCache cache = new LRUCache(options.blockCacheBytes());
    BloomFilter bloom = new BloomFilter(10, false);
    BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions().setTableFormatConfig(table);
    DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    WriteOptions writeOptions = new WriteOptions().setSync(options.syncWrites()).setDisableWAL(false);

    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Column c : Column.values()) {
      descriptors.add(new ColumnFamilyDescriptor(familyName(c), cfOptions));
    }
    List<ColumnFamilyHandle> allHandles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, allHandles);
      Map<Column, ColumnFamilyHandle> handles = new EnumMap<>(Column.class);
      for (Column c : Column.values()) {
        handles.put(c, allHandles.get(c.ordinal() + 1));
      }
      return new RocksDatabase(db, handles, allHandles, dbOptions, cfOptions, cache, bloom, writeOptions);
    } catch (RocksDBException e) {
      allHandles.forEach(ColumnFamilyHandle::close);
      writeOptions.close();
      dbOptions.close();
      cfOptions.close();
      bloom.close();
      cache.close();
      throw new UncheckedIOException(new IOException("cannot open RocksDB at " + directory, e));
    }
  }

  /** Families are named after the enum, so renaming a Column constant is a schema change. */
  private static byte[] familyName(Column c) {
    return c.name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public Optional<byte[]> get(Column column, byte[] key) {
    ensureOpen();
    try {
      return Optional.ofNullable(db.get(handles.get(column), key));
    } catch (RocksDBException e) {
      throw new UncheckedIOException(new IOException("read failed in " + column, e));
    }
  }

  @Override
  public WriteBatch newWriteBatch() {
    ensureOpen();
    return new RocksWriteBatch(this);
  }

  ColumnFamilyHandle handle(Column column) {
    return handles.get(column);
  }

  void write(org.rocksdb.WriteBatch batch) {
    ensureOpen();
    try {
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new UncheckedIOException(new IOException("batch write failed", e));
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("database is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Handles before the DB, options and cache after it: RocksDB's documented release order.
    allHandles.forEach(ColumnFamilyHandle::close);
    db.close();
    writeOptions.close();
    dbOptions.close();
    cfOptions.close();
    bloomFilter.close();
    blockCache.close();
  }
}
