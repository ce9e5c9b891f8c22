package org.mercato.market.data.provider;

import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.factory.MetadataState;
import org.mercato.state.types.Address;

/**
 * What the provider needs of an asset's on-chain record (docs/spec/data-market.md §Asset factory).
 *
 * @param contentHash SHA-256 of the file's bytes; zero if the publisher has set none
 * @param metadataState Ocean's metadata state 0..5 (0 active, 1 end-of-life, 2 deprecated, 3 revoked, 4 ordering
 *     disabled, 5 unlisted)
 */
public record AssetTerms(Bytes32 assetId, Address owner, Bytes32 contentHash, long size, String contentType,
    int metadataState) {
  /** Ocean's provider rule ({@link MetadataState#allowsDownloads}): files of active and unlisted assets are served. */
  public boolean downloadable() {
    return MetadataState.allowsDownloads(metadataState);
  }
}
