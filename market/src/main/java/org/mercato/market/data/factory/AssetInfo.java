package org.mercato.market.data.factory;

import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;

/**
 * Everything the chain knows about one data asset (docs/spec/data-market.md §Asset factory), read by
 * {@link DataAssetFactory#asset}.
 *
 * @param metadataState Ocean's 0..5 ({@link MetadataState})
 * @param hasMetadata whether metadata was ever set (by {@code createAssetWithMetadata} or {@code setMetadata})
 * @param datatokens the asset's datatokens in creation order
 */
public record AssetInfo(Bytes32 assetId, Address owner, String name, String symbol, AssetMetadata metadata,
    int metadataState, boolean hasMetadata, List<Address> datatokens) {
  public AssetInfo {
    datatokens = List.copyOf(datatokens);
  }

  public String description() {
    return metadata.description();
  }

  public List<String> tags() {
    return metadata.tags();
  }

  public String license() {
    return metadata.license();
  }

  public String contentType() {
    return metadata.contentType();
  }

  public long size() {
    return metadata.size();
  }

  /** SHA-256 of the file's bytes. */
  public Bytes32 contentHash() {
    return metadata.contentHash();
  }

  /** Seconds an order gives access; 0 = forever. */
  public long accessDuration() {
    return metadata.accessDuration();
  }

  public boolean allowsOrders() {
    return MetadataState.allowsOrders(metadataState);
  }
}
