package org.mercato.market.data.order;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.market.data.MeteredCall.Revert;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.factory.MetadataState;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.world.WorldUpdater;

/**
 * Starting and reusing orders (docs/spec/data-market.md §Orders; DM§9–10), shared by the datatoken's Ocean ABI, the order
 * book's own entry points and the one-call buy-and-order paths. Every check precedes every write; the caller runs inside a
 * {@link Meter} and a child world, so a {@link Revert} after a write still discards it.
 */
public final class Orders {
  /** Ocean template 1: exactly one datatoken per order. */
  public static final UInt256 ORDER_AMOUNT = UInt256.valueOf(BigInteger.TEN.pow(18));
  /** Ocean's router consumeFee: 0.03 of the datatoken to the community collector. */
  public static final UInt256 COMMUNITY_CUT = UInt256.valueOf(3).multiply(UInt256.valueOf(BigInteger.TEN.pow(16)));
  public static final UInt256 COLLECTOR_SHARE = ORDER_AMOUNT.subtract(COMMUNITY_CUT);

  /** Ocean's events, same signatures (topic0 of OrderStarted 0xe1c4fa79…, ProviderFee 0xf8ed11cd…; DM§9–10). */
  public static final Bytes32 ORDER_STARTED_TOPIC = Abi.topic("OrderStarted(address,address,uint256,uint256,uint256,address,uint256)");
  public static final Bytes32 PROVIDER_FEE_TOPIC = Abi.topic("ProviderFee(address,address,uint256,bytes,uint8,bytes32,bytes32,uint256)");
  public static final Bytes32 CONSUME_MARKET_FEE_TOPIC = Abi.topic("ConsumeMarketFee(address,address,uint256)");
  public static final Bytes32 ORDER_REUSED_TOPIC = Abi.topic("OrderReused(bytes32,address,uint256,uint256)");

  private static final long WRITE_GAS = DatatokenContract.WRITE_GAS;
  private static final long LOG_GAS = DatatokenContract.LOG_GAS;

  private Orders() {}

  /**
   * {@code payer} spends exactly 1e18 units of {@code datatoken} for {@code consumer}: 0.97e18 to the payment collector,
   * 0.03e18 to the community collector, the fee legs paid from the payer's datatokens, and the order recorded under
   * {@code orderTx}. Logs go to {@code m} as the datatoken's (as Ocean's template emits them).
   */
  public static Order start(Meter m, WorldUpdater w, BlockContext b, Hash orderTx, Address datatoken, Address payer,
      Address consumer, UInt256 serviceIndex, ProviderFee providerFee, ConsumeMarketFee consumeFee) {
    Bytes32 asset = requireOrderable(w, datatoken);
    if (consumer.equals(Address.ZERO)) {
      throw new Revert("OrderBook: zero consumer");
    }
    if (!serviceIndex.fitsLong() || serviceIndex.toLong() < 0) {
      throw new Revert("OrderBook: serviceIndex out of range");
    }
    if (DatatokenContract.balanceOf(w, datatoken, payer).compareTo(ORDER_AMOUNT) < 0) {
      throw new Revert("OrderBook: Not enough datatokens to start Order");
    }
    Bytes32 orderSlot = OrderBook.base(orderTx);
    if (OrderBook.recorded(w, orderSlot)) {
      throw new Revert("OrderBook: this transaction already recorded an order");
    }
    checkProviderFee(w, b, providerFee);
    if (consumeFee.paid() && !DataAssetFactory.isDatatoken(w, consumeFee.token())) {
      throw new Revert("OrderBook: consume market fee token is not a datatoken of this chain");
    }
    long accessDuration = DataAssetFactory.accessDuration(w, asset);

    log(m, datatoken, List.of(ORDER_STARTED_TOPIC, pad(consumer), pad(Address.ZERO)),
        Abi.encode(payer, ORDER_AMOUNT, serviceIndex, b.timestamp(), b.number()));
    if (consumeFee.paid()) {
      transfer(m, w, consumeFee.token(), payer, consumeFee.address(), consumeFee.amount());
      log(m, datatoken, List.of(CONSUME_MARKET_FEE_TOPIC), Abi.encode(consumeFee.address(), consumeFee.token(), consumeFee.amount()));
    }
    payProviderFee(m, w, datatoken, payer, providerFee);
    transfer(m, w, datatoken, payer, DatatokenContract.paymentCollector(w, datatoken), COLLECTOR_SHARE);
    transfer(m, w, datatoken, payer, DataMarketAddresses.COMMUNITY_FEE_COLLECTOR, COMMUNITY_CUT);

    long validUntil = accessDuration == 0 ? 0 : b.timestamp() + accessDuration;
    Order order = new Order(orderTx, asset, datatoken, consumer, payer, serviceIndex.toLong(), b.timestamp(), b.number(),
        validUntil);
    m.gas += OrderBook.record(w, orderSlot, order, providerFee) * WRITE_GAS;
    return order;
  }

  /**
   * Ocean's reuseOrder, validated on chain: the order exists (of {@code datatoken}, when called on a datatoken), the
   * caller is its payer or consumer, the asset still takes orders. Emits OrderReused then the provider fee; extends nothing.
   */
  public static Order reuse(Meter m, WorldUpdater w, BlockContext b, Address caller, Hash orderTx, Address datatoken,
      ProviderFee providerFee) {
    Order order = OrderBook.find(w, orderTx).orElseThrow(() -> new Revert("OrderBook: no such order"));
    if (datatoken != null && !order.datatoken().equals(datatoken)) {
      throw new Revert("OrderBook: order is of another datatoken");
    }
    if (!caller.equals(order.payer()) && !caller.equals(order.consumer())) {
      throw new Revert("OrderBook: not the order's payer or consumer");
    }
    requireOrderable(w, order.datatoken());
    checkProviderFee(w, b, providerFee);
    log(m, order.datatoken(), List.of(ORDER_REUSED_TOPIC), Abi.encode(orderTx.bytes(), caller, b.timestamp(), b.number()));
    payProviderFee(m, w, order.datatoken(), caller, providerFee);
    return order;
  }

  private static Bytes32 requireOrderable(WorldUpdater w, Address datatoken) {
    Bytes32 asset = DataAssetFactory.assetOf(w, datatoken)
        .orElseThrow(() -> new Revert("OrderBook: not a datatoken of the asset factory"));
    int state = DataAssetFactory.metadataState(w, asset);
    if (!MetadataState.allowsOrders(state)) {
      throw new Revert("OrderBook: asset does not take orders in state " + state + " (" + MetadataState.name(state) + ")");
    }
    return asset;
  }

  /** DM§10 plus two Mercato rules: a zero provider address is refused, and a non-zero validUntil must not have passed. */
  private static void checkProviderFee(WorldUpdater w, BlockContext b, ProviderFee f) {
    if (f.address().equals(Address.ZERO)) {
      throw new Revert("OrderBook: zero provider fee address");
    }
    if (!f.validUntil().isZero() && f.validUntil().compareTo(UInt256.valueOf(b.timestamp())) < 0) {
      throw new Revert("OrderBook: provider fee expired");
    }
    if (!f.signer().map(f.address()::equals).orElse(false)) {
      throw new Revert("OrderBook: Invalid provider fee signature");
    }
    if (f.paid() && !DataAssetFactory.isDatatoken(w, f.token())) {
      throw new Revert("OrderBook: provider fee token is not a datatoken of this chain");
    }
  }

  private static void payProviderFee(Meter m, WorldUpdater w, Address datatoken, Address payer, ProviderFee f) {
    log(m, datatoken, List.of(PROVIDER_FEE_TOPIC),
        Abi.encode(f.address(), f.token(), f.amount(), f.providerData(), (long) f.v(), f.r(), f.s(), f.validUntil()));
    if (f.paid()) {
      transfer(m, w, f.token(), payer, f.address(), f.amount());
    }
  }

  private static void transfer(Meter m, WorldUpdater w, Address token, Address from, Address to, UInt256 amount) {
    m.logs.add(DatatokenContract.transferAs(w, token, from, to, amount));
    m.gas += 2 * WRITE_GAS + LOG_GAS;
  }

  private static void log(Meter m, Address emitter, List<Bytes32> topics, org.apache.tuweni.bytes.Bytes data) {
    m.logs.add(new Log(emitter, topics, data));
    m.gas += LOG_GAS;
  }

  private static Bytes32 pad(Address a) {
    return Bytes32.leftPad(a.bytes());
  }
}
