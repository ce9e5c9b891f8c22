package org.mercato.market.data.provider;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/** {@code GET /files/{assetId}?order=&consumer=&nonce=&signature=}; signature empty = unsigned. */
public record DownloadRequest(Bytes32 assetId, Hash orderTx, Address consumer, long nonce, Optional<Bytes> signature) {}
