package org.mercato.state.tx;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * The signed-over fields of any envelope, in one shape so the signer and the decoder share one
 * encoder. nonce and gasLimit are unsigned 64-bit. For legacy and access-list envelopes both fee
 * fields hold the gas price.
 */
record TxBody(
    TransactionType type,
    OptionalLong chainId,
    long nonce,
    Wei maxPriorityFeePerGas,
    Wei maxFeePerGas,
    long gasLimit,
    Optional<Address> to,
    Wei value,
    Bytes data,
    List<AccessListEntry> accessList) {}
