package org.mercato.state.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.storage.Column;
import org.mercato.state.storage.RocksDatabase;
import org.mercato.state.storage.WriteBatch;
import org.mercato.state.trie.NaiveTrieRoot;
import org.mercato.state.trie.NodeCache;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/** StateDatabase on a real RocksDB, checked against a model and the naive reference trie. */
class TrieStateDatabaseTest {
  @TempDir Path dir;

  /** The expected world: accounts (storageRoot ignored) and non-zero slots. */
  private static final class Model {
    final Map<Address, Account> accounts = new HashMap<>();
    final Map<Address, Map<Bytes32, Bytes32>> storage = new HashMap<>();

    Model copy() {
      Model m = new Model();
      m.accounts.putAll(accounts);
      storage.forEach((a, s) -> m.storage.put(a, new HashMap<>(s)));
      return m;
    }

    void apply(StateChanges changes) {
      changes.storage().forEach((a, slots) -> {
        accounts.putIfAbsent(a, Account.EMPTY);
        Map<Bytes32, Bytes32> s = storage.computeIfAbsent(a, x -> new HashMap<>());
        slots.forEach((k, v) -> {
          if (v.isZero()) {
            s.remove(k);
          } else {
            s.put(k, v);
          }
        });
      });
      accounts.putAll(changes.accounts());
    }

    Hash storageRoot(Address a) {
      Map<Bytes, Bytes> trie = new HashMap<>();
      storage.getOrDefault(a, Map.of()).forEach((k, v) -> trie.put(Keccak.hash(k).bytes(), RLP.encodeValue(v.trimLeadingZeros())));
      return NaiveTrieRoot.of(trie);
    }

    /** Written independently of AccountRlp: Ethereum's rlp([nonce, balance, storageRoot, codeHash]). */
    Hash root() {
      Map<Bytes, Bytes> trie = new HashMap<>();
      accounts.forEach((a, acc) -> trie.put(Keccak.hash(a.bytes()).bytes(), RLP.encodeList(w -> {
        w.writeBigInteger(BigInteger.valueOf(acc.nonce()));
        w.writeBigInteger(acc.balance().value());
        w.writeValue(storageRoot(a).bytes());
        w.writeValue(acc.codeHash().bytes());
      })));
      return NaiveTrieRoot.of(trie);
    }
  }

  private static List<Address> addresses(int n) {
    List<Address> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Address(Keccak.hash(Bytes.ofUnsignedInt(i)).bytes().slice(12, 20)));
    }
    return out;
  }

  private static Bytes32 word(Random rnd) {
    byte[] b = new byte[32];
    rnd.nextBytes(b);
    // Mostly small values, as balances and counters are: exercises the leading-zero trimming.
    int zeros = rnd.nextInt(33);
    for (int i = 0; i < zeros; i++) {
      b[i] = 0;
    }
    return Bytes32.wrap(b);
  }

  private static StateChanges randomBlock(Random rnd, List<Address> pool, Model model) {
    NavigableMap<Address, Account> accounts = new TreeMap<>();
    NavigableMap<Address, NavigableMap<Bytes32, Bytes32>> storage = new TreeMap<>();
    for (int i = 0; i < 40; i++) {
      Address a = pool.get(rnd.nextInt(pool.size()));
      Account cur = accounts.getOrDefault(a, model.accounts.getOrDefault(a, Account.EMPTY));
      Hash code = rnd.nextInt(20) == 0 ? Keccak.hash(Bytes.ofUnsignedLong(rnd.nextLong())) : cur.codeHash();
      // The storage root given here is junk on purpose: prepare must ignore it.
      accounts.put(a, new Account(cur.nonce() + 1, Wei.of(rnd.nextInt(1_000_000)).add(Wei.coins(rnd.nextInt(3))), Keccak.hash(Bytes.of(9)), code));
    }
    for (int i = 0; i < 8; i++) {
      Address a = pool.get(rnd.nextInt(pool.size() / 4)); // storage concentrates on a few contracts
      NavigableMap<Bytes32, Bytes32> slots = storage.computeIfAbsent(a, x -> new TreeMap<>());
      for (int j = 0; j < 1 + rnd.nextInt(6); j++) {
        Bytes32 slot = Bytes32.leftPad(Bytes.ofUnsignedInt(rnd.nextInt(40)));
        slots.put(slot, rnd.nextInt(4) == 0 ? Bytes32.ZERO : word(rnd));
      }
    }
    return new StateChanges(accounts, storage);
  }

  private static void write(RocksDatabase db, PreparedState prepared) {
    try (WriteBatch batch = db.newWriteBatch()) {
      prepared.writeTo(batch);
      batch.commit();
    }
  }

  private static void assertViewEquals(Model model, WorldView view, List<Address> pool, String where) {
    for (Address a : pool) {
      Optional<Account> acc = view.account(a);
      Account expected = model.accounts.get(a);
      assertEquals(expected == null, acc.isEmpty(), where + " presence of " + a);
      if (expected != null) {
        assertEquals(expected.nonce(), acc.get().nonce(), where);
        assertEquals(expected.balance(), acc.get().balance(), where);
        assertEquals(expected.codeHash(), acc.get().codeHash(), where);
        assertEquals(model.storageRoot(a), acc.get().storageRoot(), where + " storage root of " + a);
      }
      for (int s = 0; s < 40; s++) {
        Bytes32 slot = Bytes32.leftPad(Bytes.ofUnsignedInt(s));
        Bytes32 want = model.storage.getOrDefault(a, Map.of()).getOrDefault(slot, Bytes32.ZERO);
        assertEquals(want, view.storage(a, slot), where + " slot " + s + " of " + a);
      }
    }
  }

  /**
   * The post-state root of block 1 of ethereum/tests bcValidBlockTest "SimpleTx" (the header's
   * stateRoot, 0xef1552a4...): the sender paid 10 wei plus 21,000 gas at 10 wei, the coinbase got
   * the 1.5-coin reward plus the fees.
   */
  @Test
  void reproducesARealEthereumStateRoot() {
    NavigableMap<Address, Account> alloc = new TreeMap<>();
    alloc.put(Address.fromHex("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b"), new Account(1, Wei.of(9_999_789_990L), Hash.ZERO, Hash.EMPTY_CODE_HASH));
    alloc.put(Address.fromHex("0x095e7baea6a6c7c4c2dfeb977efac326af552d87"), new Account(0, Wei.of(10), Hash.ZERO, Hash.EMPTY_CODE_HASH));
    alloc.put(Address.fromHex("0x8888f1f195afa192cfee860698584c030f4c9db1"), new Account(0, new Wei(new BigInteger("1500000000000210000")), Hash.ZERO, Hash.EMPTY_CODE_HASH));
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      PreparedState genesis = new StateDatabase(db).prepare(Hash.EMPTY_TRIE_ROOT, new StateChanges(alloc, new TreeMap<>()));
      assertEquals(Hash.fromHex("0xef1552a40b7165c3cd773806b9e0c165b75356e0314bf0706f279c729f51e017"), genesis.root());
    }
  }

  @Test
  void emptyAccountEncodingIsEthereums() {
    assertEquals(
        Bytes.fromHexString("0xf8448080a0" + Hash.EMPTY_TRIE_ROOT.toHex().substring(2) + "a0" + Hash.EMPTY_CODE_HASH.toHex().substring(2)),
        AccountRlp.encode(Account.EMPTY));
    Account a = new Account(300, Wei.coins(1_000_000_000L), Keccak.hash(Bytes.of(1)), Keccak.hash(Bytes.of(2)));
    assertEquals(a, AccountRlp.decode(AccountRlp.encode(a)));
  }

  @Test
  void genesisThenManyBlocksMatchTheReferenceFlatAndHistoricalViews() {
    Random rnd = new Random(2024);
    List<Address> pool = addresses(200);
    Model model = new Model();
    List<Hash> roots = new ArrayList<>();
    List<Model> snapshots = new ArrayList<>();
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      StateDatabase state = new StateDatabase(db);
      assertEquals(Optional.empty(), state.latestRoot());

      NavigableMap<Address, Account> alloc = new TreeMap<>();
      NavigableMap<Address, NavigableMap<Bytes32, Bytes32>> allocStorage = new TreeMap<>();
      for (Address a : pool.subList(0, 100)) {
        alloc.put(a, Account.EMPTY.withBalance(Wei.coins(1000)));
      }
      allocStorage.put(pool.get(0), new TreeMap<>(Map.of(Bytes32.leftPad(Bytes.of(1)), Bytes32.leftPad(Bytes.of(7)))));
      StateChanges genesisChanges = new StateChanges(alloc, allocStorage);
      PreparedState genesis = state.prepare(Hash.EMPTY_TRIE_ROOT, genesisChanges);
      model.apply(genesisChanges);
      assertEquals(model.root(), genesis.root());
      write(db, genesis);
      roots.add(genesis.root());
      snapshots.add(model.copy());

      Hash parent = genesis.root();
      for (int block = 1; block <= 60; block++) {
        StateChanges changes = randomBlock(rnd, pool, model);
        PreparedState prepared = state.prepare(parent, changes);
        model.apply(changes);
        assertEquals(model.root(), prepared.root(), "block " + block);
        write(db, prepared);
        assertEquals(Optional.of(prepared.root()), state.latestRoot());
        parent = prepared.root();
        roots.add(parent);
        snapshots.add(model.copy());
        if (block % 20 == 0) {
          assertViewEquals(model, state.latest(), pool, "flat after block " + block);
          assertViewEquals(model, state.at(parent), pool, "trie after block " + block);
        }
      }
    }

    // History after a restart, with a cold cache: every root ever written still reads as it was.
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      StateDatabase state = new StateDatabase(db, NodeCache.disabled());
      for (int i = 0; i < roots.size(); i += 15) {
        assertTrue(state.hasState(roots.get(i)));
        assertViewEquals(snapshots.get(i), state.at(roots.get(i)), pool, "history at block " + i);
      }
    }
  }

  @Test
  void prepareWritesNothingAndCanBeRepeatedOrReplaced() {
    Random rnd = new Random(5);
    List<Address> pool = addresses(50);
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      StateDatabase state = new StateDatabase(db);
      NavigableMap<Address, Account> alloc = new TreeMap<>();
      pool.forEach(a -> alloc.put(a, Account.EMPTY.withBalance(Wei.coins(5))));
      PreparedState genesis = state.prepare(Hash.EMPTY_TRIE_ROOT, new StateChanges(alloc, new TreeMap<>()));
      assertTrue(db.get(Column.ACCOUNTS, pool.get(0).bytes().toArray()).isEmpty(), "prepare wrote nothing");
      assertFalse(state.hasState(genesis.root()));
      write(db, genesis);
      assertTrue(state.hasState(genesis.root()));

      Model model = new Model();
      model.apply(new StateChanges(alloc, new TreeMap<>()));
      StateChanges a = randomBlock(rnd, pool, model);
      StateChanges b = randomBlock(rnd, pool, model);
      PreparedState a1 = state.prepare(genesis.root(), a);
      PreparedState b1 = state.prepare(genesis.root(), b);
      PreparedState a2 = state.prepare(genesis.root(), a);
      assertEquals(a1.root(), a2.root());
      assertNotEquals(a1.root(), b1.root());
      assertEquals(a1.nodeCount(), a2.nodeCount());
      assertEquals(Wei.coins(5), state.latest().accountOrEmpty(pool.get(0)).balance(), "latest is untouched by prepares");

      write(db, b1); // the other candidate is simply dropped
      model.apply(b);
      assertEquals(model.root(), b1.root());
      assertViewEquals(model, state.latest(), pool, "after writing b");
      assertViewEquals(model, state.at(b1.root()), pool, "trie after writing b");
      assertFalse(state.hasState(a1.root()));
    }
  }

  @Test
  void zeroingEverySlotDeletesRowsAndRestoresTheEmptyStorageRoot() {
    Address contract = addresses(1).get(0);
    Bytes32 s1 = Bytes32.leftPad(Bytes.of(1));
    Bytes32 s2 = Bytes32.leftPad(Bytes.of(2));
    try (RocksDatabase db = RocksDatabase.open(dir)) {
      StateDatabase state = new StateDatabase(db);
      NavigableMap<Address, NavigableMap<Bytes32, Bytes32>> set = new TreeMap<>();
      set.put(contract, new TreeMap<>(Map.of(s1, Bytes32.leftPad(Bytes.of(0, 5)), s2, Bytes32.fromHexString("0x" + "ff".repeat(32)))));
      PreparedState p1 = state.prepare(Hash.EMPTY_TRIE_ROOT, new StateChanges(new TreeMap<>(), set));
      write(db, p1);
      Account acc = state.latest().account(contract).orElseThrow();
      assertNotEquals(Hash.EMPTY_TRIE_ROOT, acc.storageRoot());
      assertEquals(0, acc.nonce(), "an address with only storage changes keeps its (empty) fields");
      assertEquals(Bytes32.leftPad(Bytes.of(5)), state.latest().storage(contract, s1));
      assertArrayEquals(new byte[] {5}, db.get(Column.STORAGE, StateKeys.flatStorageKey(contract, s1)).orElseThrow());

      NavigableMap<Address, NavigableMap<Bytes32, Bytes32>> clear = new TreeMap<>();
      clear.put(contract, new TreeMap<>(Map.of(s1, Bytes32.ZERO, s2, Bytes32.ZERO)));
      NavigableMap<Address, Account> balance = new TreeMap<>(Map.of(contract, Account.EMPTY.withBalance(Wei.of(3))));
      PreparedState p2 = state.prepare(p1.root(), new StateChanges(balance, clear));
      write(db, p2);
      assertEquals(Hash.EMPTY_TRIE_ROOT, state.latest().account(contract).orElseThrow().storageRoot());
      assertTrue(db.get(Column.STORAGE, StateKeys.flatStorageKey(contract, s1)).isEmpty());
      assertEquals(Bytes32.ZERO, state.at(p2.root()).storage(contract, s2));
      assertEquals(Bytes32.fromHexString("0x" + "ff".repeat(32)), state.at(p1.root()).storage(contract, s2));
    }
  }

  @Test
  void reopenTheDatabaseAndContinue() {
    Random rnd = new Random(77);
    List<Address> pool = addresses(120);
    Model model = new Model();
    Hash parent = Hash.EMPTY_TRIE_ROOT;
    for (int session = 0; session < 3; session++) {
      try (RocksDatabase db = RocksDatabase.open(dir)) {
        StateDatabase state = new StateDatabase(db, new NodeCache(500));
        assertEquals(session == 0 ? Optional.empty() : Optional.of(parent), state.latestRoot());
        for (int block = 0; block < 10; block++) {
          StateChanges changes = randomBlock(rnd, pool, model);
          PreparedState prepared = state.prepare(parent, changes);
          model.apply(changes);
          assertEquals(model.root(), prepared.root(), "session " + session + " block " + block);
          write(db, prepared);
          parent = prepared.root();
        }
        assertViewEquals(model, state.latest(), pool, "session " + session);
      }
    }
  }

  private static void assertArrayEquals(byte[] expected, byte[] actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
  }
}
