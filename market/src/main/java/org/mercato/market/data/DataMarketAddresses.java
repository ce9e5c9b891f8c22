package org.mercato.market.data;

import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;

/** Reserved and derived addresses of the data market (docs/spec/data-market.md §Reserved addresses). */
public final class DataMarketAddresses {
  public static final Address ASSET_FACTORY = Address.fromHex("0x0000000000000000000000000000000000001001");
  public static final Address FIXED_RATE_EXCHANGE = Address.fromHex("0x0000000000000000000000000000000000001002");
  /**
   * Collector of the fixed-rate exchange's community (Ocean's OPC) swap fee: a plain account without a key, so the
   * fee is held out of circulation until governance assigns it (docs/spec/data-market.md §Fixed-rate exchange).
   */
  public static final Address COMMUNITY_FEE_COLLECTOR = Address.fromHex("0x0000000000000000000000000000000000001fee");
  public static final Address DISPENSER = Address.fromHex("0x0000000000000000000000000000000000001003");
  /** The order ledger (docs/spec/data-market.md §Orders). */
  public static final Address ORDER_BOOK = Address.fromHex("0x0000000000000000000000000000000000001004");
  private static final Bytes DATATOKEN_DOMAIN = Bytes.wrap("mercato-datatoken".getBytes(StandardCharsets.US_ASCII));

  private DataMarketAddresses() {}

  /** keccak256("mercato-datatoken" ‖ assetId ‖ uint256(index))[12..32]. */
  public static Address datatoken(Bytes32 assetId, long index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative datatoken index");
    }
    Bytes32 h = Keccak.hash(Bytes.concatenate(DATATOKEN_DOMAIN, assetId, UInt256.valueOf(index).toBytes())).bytes();
    return new Address(h.slice(12, 20));
  }
}
