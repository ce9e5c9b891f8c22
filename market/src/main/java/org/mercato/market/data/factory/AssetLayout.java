package org.mercato.market.data.factory;

import org.mercato.market.data.SlotMath;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.state.types.Address;

/**
 * Slots of the asset factory's storage at {@code 0x…1001}, the Solidity layout of docs/spec/data-market.md §Asset
 * factory (storage):
 *
 * <pre>
 * uint256 assetCount;                          // slot 0
 * mapping(bytes32 => Asset) assets;            // slot 1
 * mapping(address => bytes32) datatokenAsset;  // slot 2: the asset of a datatoken this factory created, else 0
 * struct Asset {
 *   address owner; uint256 datatokenCount; string name; string symbol;           // +0 .. +3
 *   string description; string[] tags; string license; string contentType;       // +4 .. +7
 *   uint256 size; bytes32 contentHash; uint256 accessDuration;                    // +8 .. +10
 *   uint256 metadataState; bool hasMetadata; uint256 roleEpoch;                   // +11 .. +13
 *   mapping(address => uint256) manager, datatokenDeployer, metadataUpdater;      // +14 .. +16: epoch + 1 when held
 * }
 * </pre>
 */
final class AssetLayout {
  static final Bytes32 ASSET_COUNT = UInt256.valueOf(0).toBytes();
  private static final long ASSETS = 1;
  private static final long DATATOKEN_ASSET = 2;

  static final int OWNER = 0;
  static final int DATATOKEN_COUNT = 1;
  static final int NAME = 2;
  static final int SYMBOL = 3;
  static final int DESCRIPTION = 4;
  static final int TAGS = 5;
  static final int LICENSE = 6;
  static final int CONTENT_TYPE = 7;
  static final int SIZE = 8;
  static final int CONTENT_HASH = 9;
  static final int ACCESS_DURATION = 10;
  static final int METADATA_STATE = 11;
  static final int HAS_METADATA = 12;
  static final int ROLE_EPOCH = 13;
  static final int ROLES = 14;

  private AssetLayout() {}

  /** {@code mapping(bytes32 => Asset)} at slot 1: the struct starts at keccak(id ‖ u(1)). */
  static Bytes32 base(Bytes32 assetId) {
    return SlotMath.mapping(assetId, ASSETS);
  }

  static Bytes32 field(Bytes32 assetId, int offset) {
    return SlotMath.plus(base(assetId), offset);
  }

  /** {@code assets[id].<role mapping>[user]}: keccak(pad(user) ‖ (base + 14 + role)). */
  static Bytes32 roleSlot(Bytes32 assetId, Role role, Address user) {
    return SlotMath.mapping(user, field(assetId, ROLES + role.id()));
  }

  static Bytes32 datatokenAssetSlot(Address token) {
    return SlotMath.mapping(token, DATATOKEN_ASSET);
  }
}
