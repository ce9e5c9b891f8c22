package org.mercato.state.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksDatabase on a real RocksDB in a temp directory. (Named Trie* so the worktree's targeted test run includes it.) */
class TrieRocksDatabaseTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void putGetDeleteAcrossColumnsKeepsColumnsApart() {
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      try (WriteBatch batch = db.newWriteBatch()) {
        batch.put(Column.ACCOUNTS, b("k"), b("account"));
        batch.put(Column.STORAGE, b("k"), b("slot"));
        batch.put(Column.META, b("head"), b("h1"));
        batch.commit();
      }
      assertArrayEquals(b("account"), db.get(Column.ACCOUNTS, b("k")).orElseThrow());
      assertArrayEquals(b("slot"), db.get(Column.STORAGE, b("k")).orElseThrow());
      assertEquals(Optional.empty(), db.get(Column.TRIE_NODES, b("k")));

      try (WriteBatch batch = db.newWriteBatch()) {
        batch.delete(Column.ACCOUNTS, b("k"));
        batch.put(Column.META, b("head"), b("h2"));
        batch.commit();
      }
      assertEquals(Optional.empty(), db.get(Column.ACCOUNTS, b("k")));
      assertArrayEquals(b("slot"), db.get(Column.STORAGE, b("k")).orElseThrow());
      assertArrayEquals(b("h2"), db.get(Column.META, b("head")).orElseThrow());
    }
  }

  @Test
  void batchClosedWithoutCommitWritesNothing() {
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      try (WriteBatch batch = db.newWriteBatch()) {
        batch.put(Column.ACCOUNTS, b("a"), b("1"));
        batch.put(Column.HEADERS, b("h"), b("2"));
      }
      assertTrue(db.get(Column.ACCOUNTS, b("a")).isEmpty());
      assertTrue(db.get(Column.HEADERS, b("h")).isEmpty());
    }
  }

  @Test
  void committedBatchCannotBeReused() {
    try (RocksDatabase db = RocksDatabase.open(dir); WriteBatch batch = db.newWriteBatch()) {
      batch.put(Column.META, b("x"), b("y"));
      batch.commit();
      assertThrows(IllegalStateException.class, () -> batch.put(Column.META, b("x"), b("z")));
      assertThrows(IllegalStateException.class, batch::commit);
      assertArrayEquals(b("y"), db.get(Column.META, b("x")).orElseThrow());
    }
  }

  @Test
  void dataSurvivesCloseAndReopen() {
    try (RocksDatabase db = RocksDatabase.open(dir, new RocksDatabaseOptions(8L * 1024 * 1024, false))) {
      try (WriteBatch batch = db.newWriteBatch()) {
        for (Column c : Column.values()) {
          batch.put(c, b("key"), b(c.name()));
        }
        batch.commit();
      }
    }
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      for (Column c : Column.values()) {
        assertArrayEquals(b(c.name()), db.get(c, b("key")).orElseThrow(), c.name());
      }
    }
  }

  @Test
  void closedDatabaseRefusesUse() {
    RocksDatabase db = RocksDatabase.open(dir);
    db.close();
    db.close();
    assertThrows(IllegalStateException.class, () -> db.get(Column.META, b("x")));
  }
}
