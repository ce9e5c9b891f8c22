package org.mercato.state.world;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.concurrent.SideWork;
import org.mercato.state.storage.Column;
import org.mercato.state.storage.Database;
import org.mercato.state.trie.MerklePatriciaTrie;
import org.mercato.state.trie.NodeCache;
import org.mercato.state.trie.NodeSink;
import org.mercato.state.trie.NodeSource;
import org.mercato.state.trie.StoredNodes;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * World state over a {@link Database}: flat tables for the latest state, an account trie and one
 * storage trie per account (nodes stored by hash) for roots and history. See docs/spec/state.md.
 *
 * <p>{@link #prepare} never writes and never changes what any view sees; it only warms the shared
 * node cache, which is keyed by content hash and therefore cannot make any reader see a different
 * state. Thread-safe: views and prepares may run concurrently.
 */
public final class StateDatabase {
  /**
   * Up to about 400 MB if every cached node were a full branch (fewer in practice). The top five
   * levels of a 1M-account trie (about 70k branches) fit, so an update usually misses only its leaf.
   */
  public static final int DEFAULT_NODE_CACHE_NODES = 200_000;

  static final byte[] LATEST_ROOT_KEY = "stateRoot".getBytes(StandardCharsets.US_ASCII);

  private final Database db;
  private final NodeSource source;
  private final NodeCache cache;
  private final SideWork work;
  private final WorldView latest;

  public StateDatabase(Database db) {
    this(db, new NodeCache(DEFAULT_NODE_CACHE_NODES));
  }

  public StateDatabase(Database db, NodeCache cache) {
    this(db, cache, SideWork.inline());
  }

  /**
   * {@code work} helps hash large trie updates and the block roots on other cores (state.md §4 "Work
   * on other cores"); its owner closes it.
   */
  public StateDatabase(Database db, NodeCache cache, SideWork work) {
    this.db = db;
    this.source = StoredNodes.source(db);
    this.cache = cache;
    this.work = work;
    this.latest = new FlatWorldView(db);
  }

  /** The helper threads this database's callers may hand pure work to (Blockchain's roots). */
  public SideWork sideWork() {
    return work;
  }

  /** The latest written state, from the flat tables (one RocksDB get per read). */
  public WorldView latest() {
    return latest;
  }

  /** The root the flat tables describe: the last {@link PreparedState} written, empty before genesis. */
  public Optional<Hash> latestRoot() {
    return db.get(Column.META, LATEST_ROOT_KEY).map(raw -> Hash.wrap(Bytes.wrap(raw)));
  }

  /** The state at any stored root, read through the tries. Reads throw MissingNodeException if the root is not stored. */
  public WorldView at(Hash stateRoot) {
    return new TrieWorldView(stateRoot, source, cache);
  }

  /** Whether {@code stateRoot} was written (so {@link #at} can read it): one lookup of the root node. */
  public boolean hasState(Hash stateRoot) {
    return stateRoot.equals(Hash.EMPTY_TRIE_ROOT) || source.load(stateRoot.bytes()).isPresent();
  }

  /**
   * Applies one block's changes on top of {@code parentStateRoot} (Hash.EMPTY_TRIE_ROOT for
   * genesis) and returns the new root with its writes, unwritten. Accounts are written as given
   * except their storageRoot, which is recomputed from the parent's storage trie and
   * {@code changes.storage()} (a ZERO value deletes the slot); an address with only storage
   * changes keeps its other fields. Cheap to call twice on the same parent: the nodes read the
   * first time are served from the node cache.
   */
  public PreparedState prepare(Hash parentStateRoot, StateChanges changes) {
    MerklePatriciaTrie accounts = MerklePatriciaTrie.load(parentStateRoot, source, cache, work);
    List<PreparedState.NodeWrite> nodes = new ArrayList<>();
    List<PreparedState.FlatWrite> flat = new ArrayList<>();
    NodeSink sink = (hash, rlp) -> nodes.add(new PreparedState.NodeWrite(hash, rlp));

    TreeSet<Address> touched = new TreeSet<>(changes.accounts().keySet());
    touched.addAll(changes.storage().keySet());
    for (Address address : touched) {
      NavigableMap<Bytes32, Bytes32> slots = changes.storage().get(address);
      Account given = changes.accounts().get(address);
      // One walk per account: the parent's account (for its storage root) is read where it is replaced.
      accounts.update(StateKeys.accountTrieKey(address), current -> {
        Optional<Account> before = current.map(AccountRlp::decode);
        Hash storageRoot = before.map(Account::storageRoot).orElse(Hash.EMPTY_TRIE_ROOT);
        if (slots != null && !slots.isEmpty()) {
          storageRoot = applyStorage(address, storageRoot, slots, sink, flat);
        }
        Account base = given != null ? given : before.orElse(Account.EMPTY);
        Bytes encoded = AccountRlp.encode(new Account(base.nonce(), base.balance(), storageRoot, base.codeHash()));
        flat.add(new PreparedState.FlatWrite(Column.ACCOUNTS, address.bytes().toArray(), encoded.toArrayUnsafe()));
        return encoded;
      });
    }
    Hash root = accounts.commit(sink);
    return new PreparedState(parentStateRoot, root, nodes, flat);
  }

  private Hash applyStorage(
      Address address,
      Hash storageRoot,
      NavigableMap<Bytes32, Bytes32> slots,
      NodeSink sink,
      List<PreparedState.FlatWrite> flat) {
    MerklePatriciaTrie storage = MerklePatriciaTrie.load(storageRoot, source, cache, work);
    for (Map.Entry<Bytes32, Bytes32> slot : slots.entrySet()) {
      Bytes key = StateKeys.storageTrieKey(slot.getKey());
      byte[] flatKey = StateKeys.flatStorageKey(address, slot.getKey());
      if (slot.getValue().isZero()) {
        storage.remove(key);
        flat.add(new PreparedState.FlatWrite(Column.STORAGE, flatKey, null));
      } else {
        storage.put(key, StateKeys.storageTrieValue(slot.getValue()));
        flat.add(new PreparedState.FlatWrite(Column.STORAGE, flatKey, slot.getValue().trimLeadingZeros().toArray()));
      }
    }
    return storage.commit(sink);
  }
}
