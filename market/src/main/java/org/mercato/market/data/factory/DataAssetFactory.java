package org.mercato.market.data.factory;

import static org.mercato.market.data.factory.AssetLayout.field;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MeteredCall;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.market.data.MeteredCall.Revert;
import org.mercato.market.data.SolidityStorage;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.CallResult;
import org.mercato.state.exec.SystemCall;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * The asset factory / registry at {@code 0x…1001} (docs/spec/data-market.md §Asset factory): creates data assets (a
 * record here, Ocean's data NFT) with their metadata, roles and transfer, and their datatokens at derived addresses, whose
 * state it initialises through {@link DatatokenContract#create}; {@link DatatokenResolver} then serves them. All state in
 * this address's storage ({@link AssetLayout}).
 */
public final class DataAssetFactory implements SystemContract {
  public static final long CALL_GAS = DatatokenContract.CALL_GAS;
  public static final long WRITE_GAS = DatatokenContract.WRITE_GAS;
  public static final long LOG_GAS = DatatokenContract.LOG_GAS;
  /** Slots {@link DatatokenContract#create} writes (flat, as {@code initialize}). */
  public static final int DATATOKEN_SLOTS = 6;

  /** Mercato event (Ocean's NFTCreated has no assetId and names an NFT contract address that Mercato does not have). */
  public static final Bytes32 ASSET_CREATED_TOPIC = Abi.topic("AssetCreated(bytes32,address,string,string)");
  /** Ocean's ERC721Factory.TokenCreated, same signature and indexing. */
  public static final Bytes32 TOKEN_CREATED_TOPIC = Abi.topic("TokenCreated(address,address,string,string,uint256,address)");
  private static final String METADATA_EVENT_ARGS =
      "(bytes32,address,uint8,string,string[],string,string,uint256,bytes32,uint256,uint256,uint256)";
  /** Ocean's MetadataCreated/Updated with the asset id in front and Mercato's fields instead of the DDO blob. */
  public static final Bytes32 METADATA_CREATED_TOPIC = Abi.topic("MetadataCreated" + METADATA_EVENT_ARGS);
  public static final Bytes32 METADATA_UPDATED_TOPIC = Abi.topic("MetadataUpdated" + METADATA_EVENT_ARGS);
  public static final Bytes32 METADATA_STATE_TOPIC = Abi.topic("MetadataState(bytes32,address,uint8,uint256,uint256)");
  public static final Bytes32 ROLE_GRANTED_TOPIC = Abi.topic("AssetRoleGranted(bytes32,uint8,address,address,uint256,uint256)");
  public static final Bytes32 ROLE_REVOKED_TOPIC = Abi.topic("AssetRoleRevoked(bytes32,uint8,address,address,uint256,uint256)");
  public static final Bytes32 ASSET_TRANSFERRED_TOPIC = Abi.topic("AssetTransferred(bytes32,address,address,uint256,uint256)");

  private static final Bytes CREATE_ASSET = Abi.selector("createAsset(string,string)");
  private static final Bytes CREATE_ASSET_WITH_METADATA = Abi.selector(
      "createAssetWithMetadata(string,string,string,string[],string,string,uint256,bytes32,uint256,uint8)");
  private static final Bytes CREATE_DATATOKEN = Abi.selector("createDatatoken(bytes32,string,string,uint256,address)");
  private static final Bytes SET_METADATA = Abi.selector("setMetadata(bytes32,string,string[],string,string,uint256,bytes32,uint256)");
  private static final Bytes SET_METADATA_STATE = Abi.selector("setMetadataState(bytes32,uint8)");
  private static final Bytes GRANT_ROLE = Abi.selector("grantRole(bytes32,uint8,address)");
  private static final Bytes REVOKE_ROLE = Abi.selector("revokeRole(bytes32,uint8,address)");
  private static final Bytes TRANSFER_ASSET = Abi.selector("transferAsset(bytes32,address)");
  private static final Bytes ASSET_COUNT = Abi.selector("assetCount()");
  private static final Bytes ASSET_OWNER = Abi.selector("assetOwner(bytes32)");
  private static final Bytes ASSET_NAME = Abi.selector("assetName(bytes32)");
  private static final Bytes ASSET_SYMBOL = Abi.selector("assetSymbol(bytes32)");
  private static final Bytes GET_METADATA = Abi.selector("getMetadata(bytes32)");
  private static final Bytes GET_METADATA_STATE = Abi.selector("metadataState(bytes32)");
  private static final Bytes HAS_ROLE = Abi.selector("hasRole(bytes32,uint8,address)");
  private static final Bytes DATATOKEN_COUNT = Abi.selector("datatokenCount(bytes32)");
  private static final Bytes DATATOKEN_AT = Abi.selector("datatokenAt(bytes32,uint256)");
  private static final Bytes IS_DATATOKEN = Abi.selector("isDatatoken(address)");
  private static final Bytes ASSET_OF_DATATOKEN = Abi.selector("assetOfDatatoken(address)");

  private final Address address = DataMarketAddresses.ASSET_FACTORY;

  @Override
  public Address address() {
    return address;
  }

  @Override
  public String name() {
    return "DataAssetFactory";
  }

  @Override
  public CallResult call(SystemCall call, WorldUpdater world) {
    return MeteredCall.dispatch(CALL_GAS, null, call.input(), (m, sel, a) -> dispatch(call, world, m, sel, a));
  }

  private Bytes dispatch(SystemCall call, WorldUpdater w, Meter m, Bytes sel, Abi.Args a) {
    if (call.value().value().signum() != 0) {
      throw new Revert("DataAssetFactory: not payable");
    }
    Address caller = call.caller();
    BlockContext b = call.block();
    if (sel.equals(CREATE_ASSET)) {
      return createAsset(w, m, caller, a.string(0), a.string(1));
    }
    if (sel.equals(CREATE_ASSET_WITH_METADATA)) {
      String name = a.string(0);
      String symbol = a.string(1);
      AssetMetadata md = metadataArgs(a, 2);
      int state = stateArg(a.uint(9));
      md.validate();
      DatatokenContract.encodeShortString(name, "name");
      DatatokenContract.encodeShortString(symbol, "symbol");
      Bytes32 id = createAsset(w, m, caller, name, symbol);
      writeMetadata(w, m, b, caller, id, md, state);
      return id;
    }
    if (sel.equals(CREATE_DATATOKEN)) {
      Bytes32 id = a.word(0);
      String name = a.string(1);
      String symbol = a.string(2);
      UInt256 cap = a.uint(3);
      Address minter = a.address(4);
      Address owner = requireAsset(w, id);
      requireRole(w, id, Role.DATATOKEN_DEPLOYER, caller, "DataAssetFactory: NOT DATATOKEN DEPLOYER");
      long index = datatokenCount(w, id);
      Address token = DataMarketAddresses.datatoken(id, index);
      DatatokenContract.create(w, token, name, symbol, cap, owner, minter); // checks first, then writes
      m.gas += DATATOKEN_SLOTS * WRITE_GAS;
      put(w, m, field(id, AssetLayout.DATATOKEN_COUNT), UInt256.valueOf(index + 1).toBytes());
      put(w, m, AssetLayout.datatokenAssetSlot(token), id);
      log(m, List.of(TOKEN_CREATED_TOPIC, Bytes32.leftPad(token.bytes()), Bytes32.leftPad(address.bytes())),
          Abi.encode(name, symbol, cap, caller));
      return Abi.encode(token);
    }
    if (sel.equals(SET_METADATA)) {
      Bytes32 id = a.word(0);
      AssetMetadata md = metadataArgs(a, 1);
      requireAsset(w, id);
      requireRole(w, id, Role.METADATA_UPDATER, caller, "DataAssetFactory: NOT METADATA UPDATER");
      md.validate();
      writeMetadata(w, m, b, caller, id, md, metadataState(w, id));
      return Bytes.EMPTY;
    }
    if (sel.equals(SET_METADATA_STATE)) {
      a.exactly(2);
      Bytes32 id = a.word(0);
      requireAsset(w, id);
      requireRole(w, id, Role.METADATA_UPDATER, caller, "DataAssetFactory: NOT METADATA UPDATER");
      int state = stateArg(a.uint(1));
      put(w, m, field(id, AssetLayout.METADATA_STATE), UInt256.valueOf(state).toBytes());
      log(m, List.of(METADATA_STATE_TOPIC, id, Bytes32.leftPad(caller.bytes())), Abi.encode((long) state, b.timestamp(), b.number()));
      return Bytes.EMPTY;
    }
    if (sel.equals(GRANT_ROLE) || sel.equals(REVOKE_ROLE)) {
      a.exactly(3);
      Bytes32 id = a.word(0);
      Role role = Role.of(a.uint(1).fitsLong() ? a.uint(1).toLong() : -1)
          .orElseThrow(() -> new Revert("DataAssetFactory: unknown role"));
      Address user = a.address(2);
      Address owner = requireAsset(w, id);
      boolean grant = sel.equals(GRANT_ROLE);
      boolean dropsOwn = !grant && caller.equals(user);
      if (!dropsOwn) {
        if (role == Role.MANAGER) {
          if (!caller.equals(owner)) {
            throw new Revert("DataAssetFactory: NOT ASSET OWNER");
          }
        } else {
          requireRole(w, id, Role.MANAGER, caller, "DataAssetFactory: NOT MANAGER");
        }
      }
      if (grant && user.equals(Address.ZERO)) {
        throw new Revert("DataAssetFactory: role for the zero address");
      }
      put(w, m, AssetLayout.roleSlot(id, role, user), grant ? roleValue(w, id) : Bytes32.ZERO);
      log(m, List.of(grant ? ROLE_GRANTED_TOPIC : ROLE_REVOKED_TOPIC, id, UInt256.valueOf(role.id()).toBytes(),
          Bytes32.leftPad(user.bytes())), Abi.encode(caller, b.timestamp(), b.number()));
      return Bytes.EMPTY;
    }
    if (sel.equals(TRANSFER_ASSET)) {
      a.exactly(2);
      Bytes32 id = a.word(0);
      Address to = a.address(1);
      Address owner = requireAsset(w, id);
      if (!caller.equals(owner)) {
        throw new Revert("DataAssetFactory: NOT ASSET OWNER");
      }
      if (to.equals(Address.ZERO)) {
        throw new Revert("DataAssetFactory: transfer to the zero address");
      }
      transfer(w, m, id, to);
      log(m, List.of(ASSET_TRANSFERRED_TOPIC, id, Bytes32.leftPad(owner.bytes()), Bytes32.leftPad(to.bytes())),
          Abi.encode(b.timestamp(), b.number()));
      return Bytes.EMPTY;
    }
    if (sel.equals(ASSET_COUNT)) {
      a.exactly(0);
      return assetCount(w).toBytes();
    }
    if (sel.equals(ASSET_OWNER)) {
      return Abi.encode(assetOwner(w, a.exactly(1).word(0)));
    }
    if (sel.equals(ASSET_NAME) || sel.equals(ASSET_SYMBOL)) {
      Bytes32 id = a.exactly(1).word(0);
      requireAsset(w, id);
      return Abi.encode(DatatokenContract.shortString(w.storage(address, field(id, sel.equals(ASSET_NAME) ? AssetLayout.NAME
          : AssetLayout.SYMBOL))));
    }
    if (sel.equals(GET_METADATA)) {
      Bytes32 id = a.exactly(1).word(0);
      requireAsset(w, id);
      AssetMetadata md = metadata(w, id);
      return Abi.encode(md.description(), md.tags(), md.license(), md.contentType(), md.size(), md.contentHash(),
          md.accessDuration(), (long) metadataState(w, id), hasMetadata(w, id));
    }
    if (sel.equals(GET_METADATA_STATE)) {
      Bytes32 id = a.exactly(1).word(0);
      requireAsset(w, id);
      return Abi.encode((long) metadataState(w, id));
    }
    if (sel.equals(HAS_ROLE)) {
      a.exactly(3);
      Optional<Role> role = a.uint(1).fitsLong() ? Role.of(a.uint(1).toLong()) : Optional.empty();
      return Abi.encode(role.isPresent() && hasRole(w, a.word(0), role.get(), a.address(2)));
    }
    if (sel.equals(DATATOKEN_COUNT)) {
      return Abi.encode(datatokenCount(w, a.exactly(1).word(0)));
    }
    if (sel.equals(IS_DATATOKEN)) {
      return Abi.encode(isDatatoken(w, a.exactly(1).address(0)));
    }
    if (sel.equals(ASSET_OF_DATATOKEN)) {
      return assetOf(w, a.exactly(1).address(0)).orElse(Bytes32.ZERO);
    }
    if (sel.equals(DATATOKEN_AT)) {
      a.exactly(2);
      Bytes32 id = a.word(0);
      UInt256 i = a.uint(1);
      long count = datatokenCount(w, id);
      if (i.compareTo(UInt256.valueOf(count)) >= 0) {
        throw new Revert("DataAssetFactory: datatoken index out of range");
      }
      return Abi.encode(DataMarketAddresses.datatoken(id, i.toLong()));
    }
    throw new Revert("unknown function selector " + sel.toHexString());
  }

  private Bytes32 createAsset(WorldUpdater w, Meter m, Address caller, String name, String symbol) {
    Bytes32 nameWord = DatatokenContract.encodeShortString(name, "name");
    Bytes32 symbolWord = DatatokenContract.encodeShortString(symbol, "symbol");
    UInt256 n = assetCount(w).add(UInt256.ONE);
    Bytes32 id = n.toBytes();
    put(w, m, AssetLayout.ASSET_COUNT, n.toBytes());
    put(w, m, field(id, AssetLayout.OWNER), Bytes32.leftPad(caller.bytes()));
    put(w, m, field(id, AssetLayout.NAME), nameWord);
    put(w, m, field(id, AssetLayout.SYMBOL), symbolWord);
    grantAll(w, m, id, caller);
    log(m, List.of(ASSET_CREATED_TOPIC, id, Bytes32.leftPad(caller.bytes())), Abi.encode(name, symbol));
    return id;
  }

  /** The owner holds every role at creation and after a transfer (DM§3; no cleanPermissions quirk). */
  private void grantAll(WorldUpdater w, Meter m, Bytes32 id, Address owner) {
    Bytes32 v = roleValue(w, id);
    for (Role r : Role.values()) {
      put(w, m, AssetLayout.roleSlot(id, r, owner), v);
    }
  }

  /**
   * Transfer (DM§3, without the FRE/dispenser sweeps Mercato does not need: its exchange holds no coins): a new role
   * epoch wipes every asset role and the new owner gets all; each datatoken gets a new role epoch (minters and payment
   * managers gone), its payment collector reset to 0 (= the owner) and its owner slot updated; the exchange and the
   * dispenser keep the minter role if they had it.
   */
  private void transfer(WorldUpdater w, Meter m, Bytes32 id, Address to) {
    put(w, m, field(id, AssetLayout.OWNER), Bytes32.leftPad(to.bytes()));
    put(w, m, field(id, AssetLayout.ROLE_EPOCH), UInt256.valueOf(roleEpoch(w, id) + 1).toBytes());
    grantAll(w, m, id, to);
    long n = datatokenCount(w, id);
    for (long i = 0; i < n; i++) {
      Address dt = DataMarketAddresses.datatoken(id, i);
      boolean fre = DatatokenContract.isMinter(w, dt, DataMarketAddresses.FIXED_RATE_EXCHANGE);
      boolean dispenser = DatatokenContract.isMinter(w, dt, DataMarketAddresses.DISPENSER);
      m.gas += DatatokenContract.resetRoles(w, dt, to) * WRITE_GAS;
      if (fre) {
        DatatokenContract.setMinter(w, dt, DataMarketAddresses.FIXED_RATE_EXCHANGE, true);
        m.gas += WRITE_GAS;
      }
      if (dispenser) {
        DatatokenContract.setMinter(w, dt, DataMarketAddresses.DISPENSER, true);
        m.gas += WRITE_GAS;
      }
    }
  }

  private static AssetMetadata metadataArgs(Abi.Args a, int first) {
    UInt256 size = a.uint(first + 4);
    UInt256 duration = a.uint(first + 6);
    if (!size.fitsLong() || size.toLong() < 0) {
      throw new Revert("DataAssetFactory: size out of range");
    }
    if (!duration.fitsLong() || duration.toLong() < 0) {
      throw new Revert("DataAssetFactory: accessDuration out of range");
    }
    List<String> tags;
    try {
      tags = a.stringArray(first + 1, AssetMetadata.MAX_TAGS);
    } catch (Abi.AbiException e) {
      if (e.getMessage().contains("more than")) {
        throw new Revert("DataAssetFactory: at most " + AssetMetadata.MAX_TAGS + " tags");
      }
      throw e;
    }
    return new AssetMetadata(a.string(first), tags, a.string(first + 2), a.string(first + 3), size.toLong(),
        a.word(first + 5), duration.toLong());
  }

  private static int stateArg(UInt256 v) {
    if (v.compareTo(UInt256.valueOf(MetadataState.MAX)) > 0) {
      throw new Revert("DataAssetFactory: metadata state must be 0 to " + MetadataState.MAX);
    }
    return v.intValue();
  }

  /** Writes validated metadata and the state; emits MetadataCreated the first time, MetadataUpdated after. */
  private void writeMetadata(WorldUpdater w, Meter m, BlockContext b, Address by, Bytes32 id, AssetMetadata md, int state) {
    boolean first = !hasMetadata(w, id);
    int slots = SolidityStorage.writeString(w, address, field(id, AssetLayout.DESCRIPTION), md.description())
        + SolidityStorage.writeStringArray(w, address, field(id, AssetLayout.TAGS), md.tags())
        + SolidityStorage.writeString(w, address, field(id, AssetLayout.LICENSE), md.license())
        + SolidityStorage.writeString(w, address, field(id, AssetLayout.CONTENT_TYPE), md.contentType());
    m.gas += slots * WRITE_GAS;
    put(w, m, field(id, AssetLayout.SIZE), UInt256.valueOf(md.size()).toBytes());
    put(w, m, field(id, AssetLayout.CONTENT_HASH), md.contentHash());
    put(w, m, field(id, AssetLayout.ACCESS_DURATION), UInt256.valueOf(md.accessDuration()).toBytes());
    put(w, m, field(id, AssetLayout.METADATA_STATE), UInt256.valueOf(state).toBytes());
    put(w, m, field(id, AssetLayout.HAS_METADATA), UInt256.ONE.toBytes());
    log(m, List.of(first ? METADATA_CREATED_TOPIC : METADATA_UPDATED_TOPIC, id, Bytes32.leftPad(by.bytes())),
        Abi.encode((long) state, md.description(), md.tags(), md.license(), md.contentType(), md.size(), md.contentHash(),
            md.accessDuration(), b.timestamp(), b.number()));
  }

  private Address requireAsset(WorldView w, Bytes32 id) {
    Address owner = assetOwner(w, id);
    if (owner.equals(Address.ZERO)) {
      throw new Revert("DataAssetFactory: no such asset");
    }
    return owner;
  }

  private static void requireRole(WorldView w, Bytes32 id, Role role, Address who, String reason) {
    if (!hasRole(w, id, role, who)) {
      throw new Revert(reason);
    }
  }

  private void put(WorldUpdater w, Meter m, Bytes32 slot, Bytes32 value) {
    w.putStorage(address, slot, value);
    m.gas += WRITE_GAS;
  }

  private void log(Meter m, List<Bytes32> topics, Bytes data) {
    m.logs.add(new Log(address, topics, data));
    m.gas += LOG_GAS;
  }

  private static Bytes32 roleValue(WorldView w, Bytes32 id) {
    return UInt256.valueOf(roleEpoch(w, id) + 1).toBytes();
  }

  private static long roleEpoch(WorldView w, Bytes32 id) {
    return word(w, field(id, AssetLayout.ROLE_EPOCH)).toLong();
  }

  private static UInt256 word(WorldView w, Bytes32 slot) {
    return UInt256.fromBytes(w.storage(DataMarketAddresses.ASSET_FACTORY, slot));
  }

  // ---- read API over committed or working state (docs/spec/data-market.md §Asset factory, Java read API) ----

  public static UInt256 assetCount(WorldView w) {
    return word(w, AssetLayout.ASSET_COUNT);
  }

  /** The asset, or empty if no asset has this id. */
  public static Optional<AssetInfo> asset(WorldView w, Bytes32 assetId) {
    Address owner = assetOwner(w, assetId);
    if (owner.equals(Address.ZERO)) {
      return Optional.empty();
    }
    long n = datatokenCount(w, assetId);
    List<Address> tokens = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      tokens.add(DataMarketAddresses.datatoken(assetId, i));
    }
    Address f = DataMarketAddresses.ASSET_FACTORY;
    return Optional.of(new AssetInfo(assetId, owner,
        DatatokenContract.shortString(w.storage(f, field(assetId, AssetLayout.NAME))),
        DatatokenContract.shortString(w.storage(f, field(assetId, AssetLayout.SYMBOL))),
        metadata(w, assetId), metadataState(w, assetId), hasMetadata(w, assetId), tokens));
  }

  private static AssetMetadata metadata(WorldView w, Bytes32 id) {
    Address f = DataMarketAddresses.ASSET_FACTORY;
    return new AssetMetadata(SolidityStorage.readString(w, f, field(id, AssetLayout.DESCRIPTION)),
        SolidityStorage.readStringArray(w, f, field(id, AssetLayout.TAGS)),
        SolidityStorage.readString(w, f, field(id, AssetLayout.LICENSE)),
        SolidityStorage.readString(w, f, field(id, AssetLayout.CONTENT_TYPE)),
        word(w, field(id, AssetLayout.SIZE)).toLong(),
        w.storage(f, field(id, AssetLayout.CONTENT_HASH)),
        word(w, field(id, AssetLayout.ACCESS_DURATION)).toLong());
  }

  /** The asset's metadata state (0 for an asset created without metadata, and for no asset). */
  public static int metadataState(WorldView w, Bytes32 assetId) {
    return word(w, field(assetId, AssetLayout.METADATA_STATE)).intValue();
  }

  /** Seconds an order of the asset gives access (0 = forever); read alone, without the rest of the record. */
  public static long accessDuration(WorldView w, Bytes32 assetId) {
    return word(w, field(assetId, AssetLayout.ACCESS_DURATION)).toLong();
  }

  public static boolean hasMetadata(WorldView w, Bytes32 assetId) {
    return !word(w, field(assetId, AssetLayout.HAS_METADATA)).isZero();
  }

  /** Whether {@code who} holds {@code role} on the asset in its current role epoch. */
  public static boolean hasRole(WorldView w, Bytes32 assetId, Role role, Address who) {
    Bytes32 v = w.storage(DataMarketAddresses.ASSET_FACTORY, AssetLayout.roleSlot(assetId, role, who));
    return !v.isZero() && v.equals(roleValue(w, assetId));
  }

  /** The asset's owner, or the zero address if no such asset. */
  public static Address assetOwner(WorldView w, Bytes32 assetId) {
    return new Address(w.storage(DataMarketAddresses.ASSET_FACTORY, field(assetId, AssetLayout.OWNER)).slice(12, 20));
  }

  public static long datatokenCount(WorldView w, Bytes32 assetId) {
    return word(w, field(assetId, AssetLayout.DATATOKEN_COUNT)).toLong();
  }

  /**
   * Whether the factory created a datatoken at {@code token}: {@code datatokenAsset[token]} ≠ 0 in the factory's own
   * storage (slot 2 mapping), which only the factory writes. This, not the token's own slots, is what the resolver
   * trusts: other accounts may hold storage (e.g. the supply ledger's slot 1).
   */
  public static boolean isDatatoken(WorldView w, Address token) {
    return !w.storage(DataMarketAddresses.ASSET_FACTORY, AssetLayout.datatokenAssetSlot(token)).isZero();
  }

  /** The asset a datatoken belongs to, or empty if the factory did not create {@code token}. */
  public static Optional<Bytes32> assetOf(WorldView w, Address token) {
    Bytes32 id = w.storage(DataMarketAddresses.ASSET_FACTORY, AssetLayout.datatokenAssetSlot(token));
    return id.isZero() ? Optional.empty() : Optional.of(id);
  }
}
