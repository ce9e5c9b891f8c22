package org.mercato.state.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.storage.RocksDatabase;
import org.mercato.state.storage.WriteBatch;
import org.mercato.state.types.Hash;

/** The trie committed to a real RocksDB, reopened from its root, updated further. */
class TrieRocksStorageTest {
  @TempDir Path dir;

  private static Hash commit(MerklePatriciaTrie trie, RocksDatabase db) {
    try (WriteBatch batch = db.newWriteBatch()) {
      Hash root = trie.commit(StoredNodes.sink(batch));
      batch.commit();
      return root;
    }
  }

  private static Bytes key(Random rnd) {
    return Keccak.hash(Bytes.ofUnsignedInt(rnd.nextInt(5000))).bytes();
  }

  private static Bytes value(Random rnd) {
    byte[] v = new byte[1 + rnd.nextInt(80)];
    rnd.nextBytes(v);
    return Bytes.wrap(v);
  }

  @ParameterizedTest(name = "node cache of {0} nodes")
  @ValueSource(ints = {0, 64, 100_000})
  void reopenedTrieAnswersEveryGetAndKeepsProducingTheSameRoots(int cacheSize) {
    Random rnd = new Random(cacheSize);
    Map<Bytes, Bytes> expected = new LinkedHashMap<>();
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    for (int i = 0; i < 2000; i++) {
      Bytes k = key(rnd);
      Bytes v = value(rnd);
      trie.put(k, v);
      expected.put(k, v);
    }
    Hash root;
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      root = commit(trie, db);
    }
    assertEquals(NaiveTrieRoot.of(expected), root);

    List<Hash> history = new ArrayList<>();
    List<Map<Bytes, Bytes>> historyContents = new ArrayList<>();
    history.add(root);
    historyContents.add(new LinkedHashMap<>(expected));
    for (int reopen = 0; reopen < 3; reopen++) {
      try (RocksDatabase db = RocksDatabase.open(dir)) {
        MerklePatriciaTrie stored = MerklePatriciaTrie.load(root, StoredNodes.source(db), new NodeCache(cacheSize));
        expected.forEach((k, v) -> assertEquals(Optional.of(v), stored.get(k)));
        assertEquals(Optional.empty(), stored.get(Bytes.fromHexString("0x1234")));
        for (int block = 0; block < 5; block++) {
          List<Bytes> keys = new ArrayList<>(expected.keySet());
          for (int i = 0; i < 100; i++) {
            if (rnd.nextInt(4) == 0) {
              Bytes k = keys.get(rnd.nextInt(keys.size()));
              stored.remove(k);
              expected.remove(k);
            } else {
              Bytes k = key(rnd);
              Bytes v = value(rnd);
              stored.put(k, v);
              expected.put(k, v);
            }
          }
          root = commit(stored, db);
          assertEquals(NaiveTrieRoot.of(expected), root, "reopen " + reopen + " block " + block);
          history.add(root);
          historyContents.add(new LinkedHashMap<>(expected));
        }
      }
    }

    // Every old root is still readable: nodes are stored by hash and never overwritten.
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      for (int i = 0; i < history.size(); i++) {
        MerklePatriciaTrie old = MerklePatriciaTrie.load(history.get(i), StoredNodes.source(db), NodeCache.disabled());
        historyContents.get(i).forEach((k, v) -> assertEquals(Optional.of(v), old.get(k)));
        assertEquals(history.get(i), old.rootHash());
      }
    }
  }

  @Test
  void commitWritesOnlyTheChangedPath() {
    Random rnd = new Random(1);
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    for (int i = 0; i < 5000; i++) {
      trie.put(key(rnd), value(rnd));
    }
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      Hash root = commit(trie, db);
      MerklePatriciaTrie stored = MerklePatriciaTrie.load(root, StoredNodes.source(db), new NodeCache(1000));
      stored.put(Keccak.hash(Bytes.ofUnsignedInt(77)).bytes(), Bytes.fromHexString("0x01"));
      int[] saved = {0};
      stored.commit((h, rlp) -> saved[0]++);
      // A path in a 5,000-key hashed trie is about four nodes deep; the new leaf is embedded or one more.
      assertTrue(saved[0] >= 1 && saved[0] <= 6, "saved " + saved[0]);
    }
  }

  @Test
  void unknownRootFailsOnFirstReadAsMissingNode() {
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      MerklePatriciaTrie trie =
          MerklePatriciaTrie.load(Keccak.hash(Bytes.of(1)), StoredNodes.source(db), NodeCache.disabled());
      assertThrows(MissingNodeException.class, () -> trie.get(Bytes.of(1)));
    }
  }

  @Test
  void smallRootIsStoredByHashSoItCanBeReopened() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    trie.put(Bytes.of(1), Bytes.of(2)); // a single leaf whose RLP is 4 bytes
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      Hash root = commit(trie, db);
      MerklePatriciaTrie stored = MerklePatriciaTrie.load(root, StoredNodes.source(db), NodeCache.disabled());
      assertEquals(Optional.of(Bytes.of(2)), stored.get(Bytes.of(1)));
    }
  }
}
