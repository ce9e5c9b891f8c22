package org.mercato.state.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.LinkedHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Hash;

class TrieBehaviourTest {
  private static Map<Bytes, Bytes> randomEntries(Random rnd, int n) {
    Map<Bytes, Bytes> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Bytes k = Keccak.hash(Bytes.ofUnsignedLong(rnd.nextLong())).bytes();
      byte[] v = new byte[1 + rnd.nextInt(70)];
      rnd.nextBytes(v);
      m.put(rnd.nextInt(10) == 0 ? k.slice(0, 1 + rnd.nextInt(31)) : k, Bytes.wrap(v));
    }
    return m;
  }

  private static Hash rootInOrder(List<Map.Entry<Bytes, Bytes>> entries) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    entries.forEach(e -> trie.put(e.getKey(), e.getValue()));
    return trie.rootHash();
  }

  @Test
  void rootDoesNotDependOnInsertionOrder() {
    Random rnd = new Random(42);
    Map<Bytes, Bytes> entries = randomEntries(rnd, 800);
    List<Map.Entry<Bytes, Bytes>> order = new ArrayList<>(entries.entrySet());
    Hash first = rootInOrder(order);
    assertEquals(NaiveTrieRoot.of(entries), first);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(order, rnd);
      assertEquals(first, rootInOrder(order), "shuffle " + i);
    }
  }

  @Test
  void removingAddedKeysReturnsToTheEarlierRoot() {
    Random rnd = new Random(43);
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    Map<Bytes, Bytes> base = randomEntries(rnd, 300);
    base.forEach(trie::put);
    Hash before = trie.rootHash();

    Map<Bytes, Bytes> extra = randomEntries(rnd, 300);
    extra.keySet().removeAll(base.keySet());
    extra.forEach(trie::put);
    Hash during = trie.rootHash();
    assertNotEquals(before, during);

    List<Bytes> keys = new ArrayList<>(extra.keySet());
    Collections.shuffle(keys, rnd);
    keys.forEach(trie::remove);
    assertEquals(before, trie.rootHash());

    base.keySet().forEach(trie::remove);
    assertEquals(Hash.EMPTY_TRIE_ROOT, trie.rootHash());
    assertEquals(Optional.empty(), trie.get(base.keySet().iterator().next()));
  }

  @Test
  void updateSeesTheCurrentValueOnceAndMatchesPut() {
    Random rnd = new Random(47);
    Map<Bytes, Bytes> entries = randomEntries(rnd, 400);
    MerklePatriciaTrie viaPut = MerklePatriciaTrie.empty();
    MerklePatriciaTrie viaUpdate = MerklePatriciaTrie.empty();
    entries.forEach(viaPut::put);
    entries.forEach((k, v) -> viaUpdate.update(k, current -> {
      assertEquals(Optional.empty(), current);
      return v;
    }));
    assertEquals(viaPut.rootHash(), viaUpdate.rootHash());
    for (Map.Entry<Bytes, Bytes> e : entries.entrySet()) {
      int[] calls = {0};
      Bytes next = Bytes.concatenate(e.getValue(), Bytes.of(1));
      viaUpdate.update(e.getKey(), current -> {
        calls[0]++;
        assertEquals(Optional.of(e.getValue()), current);
        return next;
      });
      viaPut.put(e.getKey(), next);
      assertEquals(1, calls[0]);
    }
    assertEquals(viaPut.rootHash(), viaUpdate.rootHash());
    assertEquals(NaiveTrieRoot.of(Map.copyOf(entries).entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, x -> Bytes.concatenate(x.getValue(), Bytes.of(1))))), viaUpdate.rootHash());
  }

  @Test
  void rewritingTheSameValueChangesNothingAndCommitsNothing() {
    Random rnd = new Random(44);
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    Map<Bytes, Bytes> entries = randomEntries(rnd, 200);
    entries.forEach(trie::put);
    List<Bytes> saved = new ArrayList<>();
    Hash root = trie.commit((h, rlp) -> saved.add(Bytes.wrap(rlp)));
    assertTrue(saved.size() > 1);

    entries.forEach((k, v) -> trie.put(k, Bytes.wrap(v.toArray())));
    trie.remove(Bytes.fromHexString("0xdeadbeef"));
    saved.clear();
    assertEquals(root, trie.commit((h, rlp) -> saved.add(Bytes.wrap(rlp))));
    assertTrue(saved.size() <= 1, "at most the root is saved again, got " + saved.size());
  }

  @Test
  void commitHandsOutEachNodeUnderItsHash() {
    Random rnd = new Random(45);
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    randomEntries(rnd, 500).forEach(trie::put);
    Map<Bytes, Bytes> saved = new LinkedHashMap<>();
    Hash root = trie.commit((h, rlp) -> saved.put(h, Bytes.wrap(rlp)));
    assertTrue(saved.containsKey(root.bytes()));
    saved.forEach((h, rlp) -> assertEquals(h, Keccak.hash(rlp).bytes()));
    saved.values().forEach(rlp -> assertTrue(rlp.size() >= 32 || Keccak.hash(rlp).bytes().equals(root.bytes())));
  }

  @Test
  void proofLinksTheRootToTheValue() {
    Random rnd = new Random(46);
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    Map<Bytes, Bytes> entries = randomEntries(rnd, 1000);
    entries.forEach(trie::put);
    Hash root = trie.rootHash();
    for (Map.Entry<Bytes, Bytes> e : new ArrayList<>(entries.entrySet()).subList(0, 50)) {
      List<Bytes> proof = trie.proof(e.getKey());
      assertEquals(root, Keccak.hash(proof.get(0)));
      for (int i = 1; i < proof.size(); i++) {
        Bytes childHash = Keccak.hash(proof.get(i)).bytes();
        assertTrue(indexOf(proof.get(i - 1), childHash) >= 0, "node " + i + " is referenced by its parent");
      }
      assertTrue(indexOf(proof.get(proof.size() - 1), e.getValue()) >= 0, "last node holds the value");
    }
  }

  private static int indexOf(Bytes haystack, Bytes needle) {
    byte[] h = haystack.toArray();
    byte[] n = needle.toArray();
    outer:
    for (int i = 0; i + n.length <= h.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (h[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
