package org.mercato.state.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Hash;

/** Roots published by Ethereum (ethereum/tests TrieTests, go-ethereum's trie and block tests). */
class TrieKnownRootsTest {
  private static Bytes s(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Hash rootOf(String... kv) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    for (int i = 0; i < kv.length; i += 2) {
      trie.put(s(kv[i]), s(kv[i + 1]));
    }
    return trie.rootHash();
  }

  @Test
  void emptyTrie() {
    assertEquals(Hash.EMPTY_TRIE_ROOT, MerklePatriciaTrie.empty().rootHash());
    assertEquals(Hash.EMPTY_TRIE_ROOT, TrieRoots.ordered(List.of()));
    assertEquals(Hash.EMPTY_TRIE_ROOT, NaiveTrieRoot.of(Map.of()));
  }

  @Test
  void dogs() {
    Hash expected = Hash.fromHex("0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3");
    assertEquals(expected, rootOf("doe", "reindeer", "dog", "puppy", "dogglesworth", "cat"));
    assertEquals(expected, NaiveTrieRoot.of(Map.of(s("doe"), s("reindeer"), s("dog"), s("puppy"), s("dogglesworth"), s("cat"))));
  }

  @Test
  void trieAnyOrderVectors() {
    assertEquals(
        Hash.fromHex("0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84"),
        rootOf("do", "verb", "horse", "stallion", "doge", "coin", "dog", "puppy"));
    assertEquals(Hash.fromHex("0x17beaa1648bafa633cda809c90c04af50fc8aed3cb40d16efbddee6fdf63c4c3"), rootOf("foo", "bar", "food", "bass"));
    assertEquals(Hash.fromHex("0x3f67c7a47520f79faa29255d2d3c084a7a6df0453116ed7232ff10277a8be68b"), rootOf("be", "e", "dog", "puppy", "bed", "d"));
    assertEquals(Hash.fromHex("0x8452568af70d8d140f58d941338542f645fcca50094b20f3c3d8c3df49337928"), rootOf("test", "test", "te", "testy"));
    assertEquals(Hash.fromHex("0xd23786fb4a010da3ce639d66d5e904a11dbc02746d1ce25029e53290cabf28ab"), rootOf("A", "a".repeat(50)));

    MerklePatriciaTrie hexKeys = MerklePatriciaTrie.empty();
    hexKeys.put(Bytes.fromHexString("0x0045"), Bytes.fromHexString("0x0123456789"));
    hexKeys.put(Bytes.fromHexString("0x4500"), Bytes.fromHexString("0x9876543210"));
    assertEquals(Hash.fromHex("0x285505fcabe84badc8aa310e2aae17eddc7d120aabec8a476902c8184b3a3503"), hexKeys.rootHash());
  }

  @Test
  void deletionsAndEmptyValuesReachTheSameRoot() {
    String[][] ops = {
      {"do", "verb"}, {"ether", "wookiedoo"}, {"horse", "stallion"}, {"shaman", "horse"},
      {"doge", "coin"}, {"ether", ""}, {"dog", "puppy"}, {"shaman", ""},
    };
    MerklePatriciaTrie viaRemove = MerklePatriciaTrie.empty();
    MerklePatriciaTrie viaEmpty = MerklePatriciaTrie.empty();
    for (String[] op : ops) {
      if (op[1].isEmpty()) {
        viaRemove.remove(s(op[0]));
      } else {
        viaRemove.put(s(op[0]), s(op[1]));
      }
      viaEmpty.put(s(op[0]), s(op[1]));
    }
    Hash expected = Hash.fromHex("0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84");
    assertEquals(expected, viaRemove.rootHash());
    assertEquals(expected, viaEmpty.rootHash());
  }

  /** Secure trie: keys are keccak(key), as in the account and storage tries (trieanyorder_secureTrie.json). */
  @Test
  void secureTrieDogs() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    Map<String, String> kv = new LinkedHashMap<>();
    kv.put("doe", "reindeer");
    kv.put("dog", "puppy");
    kv.put("dogglesworth", "cat");
    kv.forEach((k, v) -> trie.put(Keccak.hash(s(k)).bytes(), s(v)));
    assertEquals(Hash.fromHex("0xd4cd937e4a4368d7931a9cf51686b7e10abb3dce38a39000fd7902a092b64585"), trie.rootHash());
  }

  /**
   * transactionsRoot of a real block (ethereum/tests bcValidBlockTest "SimpleTx", go-ethereum's
   * TestBlockEncoding): one legacy transaction under key rlp(0).
   */
  @Test
  void transactionsRootOfARealBlock() {
    String block =
        "f90260f901f9a083cafc574e1f51ba9dc0568fc617a08ea2429fb384059c972f13b19fa1c8dd55a01dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347948888f1f195afa192cfee860698584c030f4c9db1a0ef1552a40b7165c3cd773806b9e0c165b75356e0314bf0706f279c729f51e017a05fe50b260da6308036625b850b5d6ced6d0a9f814c0688bc91ffb7b7a3a54b67a0bc37d79753ad738a6dac4921e57392f145d8887476de3f783dfa7edae9283e52b9010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008302000001832fefd8825208845506eb0780a0bd4472abb6659ebe3ee06ee4d7b72a00a9f4d001caca51342001075469aff49888a13a5a8c8f2bb1c4f861f85f800a82c35094095e7baea6a6c7c4c2dfeb977efac326af552d870a801ba09bea4c4daac7c7c52e093e6a4c35dbbcf8856f1af7b059ba20253e70848d094fa08a8fae537ce25ed8cb5af9adac3f141af69bd515bd2ba031522df09b97dd72b1c0";
    String tx =
        "f85f800a82c35094095e7baea6a6c7c4c2dfeb977efac326af552d870a801ba09bea4c4daac7c7c52e093e6a4c35dbbcf8856f1af7b059ba20253e70848d094fa08a8fae537ce25ed8cb5af9adac3f141af69bd515bd2ba031522df09b97dd72b1";
    String txRoot = "5fe50b260da6308036625b850b5d6ced6d0a9f814c0688bc91ffb7b7a3a54b67";
    // Both come verbatim from the block: the header's fifth field and the body's only transaction.
    assertTrue(block.contains("a0" + txRoot) && block.contains(tx));
    assertEquals(Hash.fromHex(txRoot), TrieRoots.ordered(List.of(Bytes.fromHexString(tx))));
  }

  @Test
  void orderedKeysAreRlpOfTheIndex() {
    List<Bytes> values = new java.util.ArrayList<>();
    Map<Bytes, Bytes> byKey = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      Bytes v = Bytes.ofUnsignedInt(i * 7919L);
      values.add(v);
      Bytes key =
          i == 0 ? Bytes.of(0x80)
              : i < 0x80 ? Bytes.of(i)
              : i < 0x100 ? Bytes.of(0x81, i)
              : Bytes.concatenate(Bytes.of(0x82), Bytes.ofUnsignedShort(i));
      byKey.put(key, v);
    }
    assertEquals(NaiveTrieRoot.of(byKey), TrieRoots.ordered(values));
  }
}
