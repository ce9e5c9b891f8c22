package org.mercato.node.marketrpc;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;

/**
 * One fixed-rate exchange as {@code market_getExchange} reports it (docs/spec/data-market.md §JSON-RPC and CLI).
 * {@code canMint}: withMint and the exchange still holds the datatoken's minter role; {@code datatokenBalance}: the
 * datatokens the exchange holds (sold before it mints).
 */
record ExchangeView(Bytes32 exchangeId, Address owner, Address datatoken, Address baseToken, int baseTokenDecimals,
    int datatokenDecimals, BigInteger rate, BigInteger marketFee, Address marketFeeCollector, BigInteger communityFee,
    boolean withMint, boolean canMint, BigInteger datatokenBalance) {}
