package org.mercato.market.data.provider;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;

/** {@code PUT /files/{assetId}?signer=&nonce=&signature=} with the file as body; signature empty = unsigned. */
public record UploadRequest(Bytes32 assetId, Address signer, long nonce, Optional<Bytes> signature) {}
