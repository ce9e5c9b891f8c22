package org.mercato.market.data.factory;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.crypto.Keccak;
import org.mercato.market.data.MeteredCall;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.market.data.MeteredCall.Revert;
import org.mercato.state.exec.CallResult;
import org.mercato.state.exec.SystemCall;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * The asset factory / registry at {@code 0x…1001} (docs/spec/data-market.md §Asset factory): creates data assets (a
 * record here, Ocean's data NFT) and their datatokens at derived addresses, whose state it initialises through
 * {@link DatatokenContract#create}; {@link DatatokenResolver} then serves them. All state in this address's storage.
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

  static final Bytes32 SLOT_ASSET_COUNT = UInt256.valueOf(0).toBytes();
  private static final Bytes32 ASSETS = UInt256.valueOf(1).toBytes();
  private static final Bytes32 IS_DATATOKEN_MAP = UInt256.valueOf(2).toBytes();

  private static final Bytes CREATE_ASSET = Abi.selector("createAsset(string,string)");
  private static final Bytes CREATE_DATATOKEN = Abi.selector("createDatatoken(bytes32,string,string,uint256,address)");
  private static final Bytes ASSET_COUNT = Abi.selector("assetCount()");
  private static final Bytes ASSET_OWNER = Abi.selector("assetOwner(bytes32)");
  private static final Bytes ASSET_NAME = Abi.selector("assetName(bytes32)");
  private static final Bytes ASSET_SYMBOL = Abi.selector("assetSymbol(bytes32)");
  private static final Bytes DATATOKEN_COUNT = Abi.selector("datatokenCount(bytes32)");
  private static final Bytes DATATOKEN_AT = Abi.selector("datatokenAt(bytes32,uint256)");
  private static final Bytes IS_DATATOKEN = Abi.selector("isDatatoken(address)");

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
    return MeteredCall.run(CALL_GAS, null, m -> dispatch(call, world, m));
  }

  private Bytes dispatch(SystemCall call, WorldUpdater w, Meter m) {
    Bytes in = call.input();
    if (in.size() < 4) {
      throw new Revert("no function selector");
    }
    if (call.value().value().signum() != 0) {
      throw new Revert("DataAssetFactory: not payable");
    }
    Bytes sel = in.slice(0, 4);
    Abi.Args a = Abi.args(in, 4);
    Address caller = call.caller();
    if (sel.equals(CREATE_ASSET)) {
      String name = a.string(0);
      String symbol = a.string(1);
      Bytes32 nameWord = DatatokenContract.encodeShortString(name, "name");
      Bytes32 symbolWord = DatatokenContract.encodeShortString(symbol, "symbol");
      UInt256 n = assetCount(w).add(UInt256.ONE);
      Bytes32 id = n.toBytes();
      UInt256 base = assetBase(id);
      put(w, m, SLOT_ASSET_COUNT, n.toBytes());
      put(w, m, field(base, 0), Bytes32.leftPad(caller.bytes()));
      put(w, m, field(base, 2), nameWord);
      put(w, m, field(base, 3), symbolWord);
      m.logs.add(new Log(address, List.of(ASSET_CREATED_TOPIC, id, Bytes32.leftPad(caller.bytes())), Abi.encode(name, symbol)));
      m.gas += LOG_GAS;
      return id;
    }
    if (sel.equals(CREATE_DATATOKEN)) {
      Bytes32 id = a.word(0);
      String name = a.string(1);
      String symbol = a.string(2);
      UInt256 cap = a.uint(3);
      Address minter = a.address(4);
      Address owner = requireAsset(w, id);
      if (!caller.equals(owner)) {
        throw new Revert("DataAssetFactory: NOT ASSET OWNER");
      }
      long index = datatokenCount(w, id);
      Address token = DataMarketAddresses.datatoken(id, index);
      DatatokenContract.create(w, token, name, symbol, cap, owner, minter); // checks first, then writes
      m.gas += DATATOKEN_SLOTS * WRITE_GAS;
      put(w, m, field(assetBase(id), 1), UInt256.valueOf(index + 1).toBytes());
      put(w, m, isDatatokenSlot(token), UInt256.ONE.toBytes());
      m.logs.add(new Log(address, List.of(TOKEN_CREATED_TOPIC, Bytes32.leftPad(token.bytes()), Bytes32.leftPad(address.bytes())),
          Abi.encode(name, symbol, cap, caller)));
      m.gas += LOG_GAS;
      return Abi.encode(token);
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
      return Abi.encode(DatatokenContract.shortString(w.storage(address, field(assetBase(id), sel.equals(ASSET_NAME) ? 2 : 3))));
    }
    if (sel.equals(DATATOKEN_COUNT)) {
      return Abi.encode(datatokenCount(w, a.exactly(1).word(0)));
    }
    if (sel.equals(IS_DATATOKEN)) {
      return Abi.encode(isDatatoken(w, a.exactly(1).address(0)));
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

  private Address requireAsset(WorldView w, Bytes32 id) {
    Address owner = assetOwner(w, id);
    if (owner.equals(Address.ZERO)) {
      throw new Revert("DataAssetFactory: no such asset");
    }
    return owner;
  }

  private void put(WorldUpdater w, Meter m, Bytes32 slot, Bytes32 value) {
    w.putStorage(address, slot, value);
    m.gas += WRITE_GAS;
  }

  // ---- state access (factory at 0x…1001), shared with tests ----

  public static UInt256 assetCount(WorldView w) {
    return UInt256.fromBytes(w.storage(DataMarketAddresses.ASSET_FACTORY, SLOT_ASSET_COUNT));
  }

  /** The asset's owner, or the zero address if no such asset. */
  public static Address assetOwner(WorldView w, Bytes32 assetId) {
    return new Address(w.storage(DataMarketAddresses.ASSET_FACTORY, field(assetBase(assetId), 0)).slice(12, 20));
  }

  public static long datatokenCount(WorldView w, Bytes32 assetId) {
    return UInt256.fromBytes(w.storage(DataMarketAddresses.ASSET_FACTORY, field(assetBase(assetId), 1))).toLong();
  }

  /**
   * Whether the factory created a datatoken at {@code token}: {@code isDatatoken[token]} in the factory's own storage
   * (slot 2 mapping), which only the factory writes. This, not the token's own slots, is what the resolver trusts: other
   * accounts may hold storage (e.g. the supply ledger's slot 1).
   */
  public static boolean isDatatoken(WorldView w, Address token) {
    return !w.storage(DataMarketAddresses.ASSET_FACTORY, isDatatokenSlot(token)).isZero();
  }

  static Bytes32 isDatatokenSlot(Address token) {
    return Keccak.hash(Bytes.concatenate(Bytes32.leftPad(token.bytes()), IS_DATATOKEN_MAP)).bytes();
  }

  /** Solidity layout of {@code mapping(bytes32 => Asset) assets} at slot 1: the struct starts at keccak(id ‖ u(1)). */
  static UInt256 assetBase(Bytes32 assetId) {
    return UInt256.fromBytes(Keccak.hash(Bytes.concatenate(assetId, ASSETS)).bytes());
  }

  static Bytes32 field(UInt256 base, long offset) {
    return base.add(UInt256.valueOf(offset)).toBytes();
  }
}
