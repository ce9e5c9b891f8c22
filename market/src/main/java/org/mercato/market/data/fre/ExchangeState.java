package org.mercato.market.data.fre;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.types.Address;

/**
 * One exchange as stored at {@code 0x…1002} (docs/spec/data-market.md §Fixed-rate exchange, Storage). {@code baseToken}
 * 0 is the native coin; otherwise a datatoken of this chain. {@code btBalance} is the base held for sells.
 */
public record ExchangeState(Bytes32 id, Address owner, Address datatoken, Address baseToken, BigInteger rate,
    BigInteger marketFee, Address marketFeeCollector, boolean withMint, boolean active, BigInteger btBalance,
    Address allowedSwapper) {

  public boolean nativeBase() {
    return baseToken.equals(FixedRateExchange.NATIVE);
  }

  /** Ocean's router OPC swap fee: the approved rate for the native coin, the other rate for every token base. */
  public BigInteger opcFee() {
    return nativeBase() ? FixedRateMath.OPC_FEE_APPROVED : FixedRateMath.OPC_FEE_OTHER;
  }

  /** Base decimals: the native coin and every datatoken have 18. */
  public int btDecimals() {
    return nativeBase() ? FixedRateExchange.NATIVE_DECIMALS : DatatokenContract.DECIMALS;
  }

  public FixedRateMath.Exchange pricing() {
    return new FixedRateMath.Exchange(rate, btDecimals(), DatatokenContract.DECIMALS, marketFee, opcFee());
  }
}
