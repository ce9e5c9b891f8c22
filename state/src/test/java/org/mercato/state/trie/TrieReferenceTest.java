package org.mercato.state.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.LinkedHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.mercato.state.concurrent.SideWork;
import org.mercato.state.crypto.Keccak;

/** The production trie against {@link NaiveTrieRoot} on thousands of random key sets. */
class TrieReferenceTest {
  /** Few distinct byte values and short keys: many keys are prefixes of others, most nodes are embedded. */
  private static final int[] ALPHABET = {0x00, 0x01, 0x10, 0x11, 0x1f, 0xf1, 0xff};

  private static Bytes randomKey(Random rnd) {
    byte[] k = new byte[rnd.nextInt(5)];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) ALPHABET[rnd.nextInt(ALPHABET.length)];
    }
    return Bytes.wrap(k);
  }

  private static Bytes randomValue(Random rnd) {
    // Mostly 1-3 bytes (leaves embedded in their parent), sometimes long enough to force hashing.
    int len = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(40) : 1 + rnd.nextInt(3);
    byte[] v = new byte[len];
    rnd.nextBytes(v);
    return Bytes.wrap(v);
  }

  private static void assertSameAsReference(MerklePatriciaTrie trie, Map<Bytes, Bytes> expected, String where) {
    assertEquals(NaiveTrieRoot.of(expected), trie.rootHash(), where);
    expected.forEach((k, v) -> assertEquals(Optional.of(v), trie.get(k), where + " get " + k));
  }

  @Test
  void shortPrefixHeavyKeysMatchTheReference() {
    Random rnd = new Random(20240611L);
    for (int round = 0; round < 3000; round++) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
      // Not a TreeMap: tuweni's Bytes.compareTo compares numerically, so 0x00, 0x0000 and empty collide.
      Map<Bytes, Bytes> expected = new LinkedHashMap<>();
      int n = 1 + rnd.nextInt(30);
      for (int i = 0; i < n; i++) {
        Bytes k = randomKey(rnd);
        Bytes v = randomValue(rnd);
        trie.put(k, v);
        expected.put(k, v);
      }
      assertSameAsReference(trie, expected, "round " + round + " after puts");
      for (int probe = 0; probe < 5; probe++) {
        Bytes k = randomKey(rnd);
        assertEquals(Optional.ofNullable(expected.get(k)), trie.get(k), "round " + round + " probe " + k);
      }

      List<Bytes> keys = new ArrayList<>(expected.keySet());
      Collections.shuffle(keys, rnd);
      for (Bytes k : keys.subList(0, rnd.nextInt(keys.size() + 1))) {
        trie.remove(k);
        expected.remove(k);
        if (rnd.nextBoolean()) {
          assertSameAsReference(trie, expected, "round " + round + " after removing " + k);
        }
      }
      trie.remove(randomKey(rnd).isEmpty() ? Bytes.of(0x42) : Bytes.of(0x42, 0x42)); // absent keys
      assertSameAsReference(trie, expected, "round " + round + " after removals");
    }
  }

  @Test
  void hashedKeysLikeTheAccountTrieMatchTheReference() {
    Random rnd = new Random(7L);
    for (int round = 0; round < 300; round++) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
      Map<Bytes, Bytes> expected = new LinkedHashMap<>();
      int n = 1 + rnd.nextInt(200);
      for (int i = 0; i < n; i++) {
        Bytes k = Keccak.hash(Bytes.ofUnsignedInt(rnd.nextInt(400))).bytes();
        Bytes v = randomValue(rnd);
        trie.put(k, v);
        expected.put(k, v);
        if (i % 50 == 49) {
          assertEquals(NaiveTrieRoot.of(expected), trie.rootHash(), "round " + round + " midway");
        }
      }
      assertSameAsReference(trie, expected, "round " + round);
    }
  }

  /**
   * Past {@link MerklePatriciaTrie#PARALLEL_HASH_MIN_UPDATES} updates the changed subtrees are
   * hashed on two threads: same roots as the reference, for hashed keys (the account trie), for
   * ordered index keys (transactions and receipts roots) and on a trie updated again after a root.
   */
  @Test
  void largeUpdatesHashedOnTwoThreadsMatchTheReference() {
    try (SideWork work = SideWork.threads(1)) {
      largeUpdatesMatchTheReference(work);
    }
  }

  private static void largeUpdatesMatchTheReference(SideWork work) {
    Random rnd = new Random(99L);
    int min = MerklePatriciaTrie.PARALLEL_HASH_MIN_UPDATES;
    for (int round = 0; round < 12; round++) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty(work);
      Map<Bytes, Bytes> expected = new LinkedHashMap<>();
      int n = min + rnd.nextInt(3 * min);
      for (int i = 0; i < n; i++) {
        Bytes k = round % 2 == 0 ? Keccak.hash(Bytes.ofUnsignedInt(rnd.nextInt(1 << 20))).bytes() : Bytes.wrap(Rlp.encodeIndex(i));
        Bytes v = randomValue(rnd);
        trie.put(k, v);
        expected.put(k, v);
      }
      assertSameAsReference(trie, expected, "round " + round);
      for (int i = 0; i < min; i++) { // a second large batch on top of hashed nodes
        Bytes k = Keccak.hash(Bytes.ofUnsignedInt(rnd.nextInt(1 << 20))).bytes();
        Bytes v = randomValue(rnd);
        trie.put(k, v);
        expected.put(k, v);
      }
      assertSameAsReference(trie, expected, "round " + round + " second batch");
    }
  }
}
