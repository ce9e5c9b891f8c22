package org.mercato.state.storage;

/**
 * Tuning for {@link RocksDatabase}. {@code syncWrites=false} keeps the WAL (a crash of the process
 * loses nothing) but lets the OS flush it, so a power loss may drop the last few commits; the
 * chain re-fetches those blocks from peers.
 */
public record RocksDatabaseOptions(long blockCacheBytes, boolean syncWrites) {
  public static final long DEFAULT_BLOCK_CACHE_BYTES = 256L * 1024 * 1024;

  public RocksDatabaseOptions {
    if (blockCacheBytes <= 0) {
      throw new IllegalArgumentException("block cache must be positive: " + blockCacheBytes);
    }
  }

  public static RocksDatabaseOptions defaults() {
    return new RocksDatabaseOptions(DEFAULT_BLOCK_CACHE_BYTES, false);
  }
}
