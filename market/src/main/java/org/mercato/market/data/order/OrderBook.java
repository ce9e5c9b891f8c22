package org.mercato.market.data.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MeteredCall;
import org.mercato.market.data.SlotMath;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.market.data.MeteredCall.Revert;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.exec.CallResult;
import org.mercato.state.exec.SystemCall;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * The order ledger at {@code 0x…1004} (docs/spec/data-market.md §Orders): orders keyed by the hash of the transaction that
 * made them, with per-consumer and per-asset indexes, read by the provider from committed state. Entry points
 * {@code startOrder(datatoken, …)} / {@code reuseOrder} (the same logic as the datatoken's Ocean ABI, {@link Orders}) and
 * ABI views; the static methods are the Java read API.
 *
 * <p>Storage (Solidity layout):
 * <pre>
 * uint256 orderCount;                              // slot 0
 * mapping(bytes32 => Order) orders;                // slot 1
 * mapping(address => bytes32[]) consumerOrders;    // slot 2
 * mapping(bytes32 => bytes32[]) assetOrders;       // slot 3
 * struct Order {
 *   bytes32 assetId;                         // +0 (never 0: the order exists iff non-zero)
 *   address datatoken; uint64 orderedAt;     // +1, packed: address in the low 20 bytes, the uint64 in the next 8
 *   address consumer;  uint64 blockNumber;   // +2
 *   address payer;     uint64 validUntil;    // +3
 *   address provider;  uint64 serviceIndex;  // +4
 *   address providerFeeToken;                // +5, written only when a provider fee was paid
 *   uint256 providerFeeAmount;               // +6, written only when a provider fee was paid
 * }
 * </pre>
 */
public final class OrderBook implements SystemContract {
  public static final long CALL_GAS = DatatokenContract.CALL_GAS;

  private static final Bytes32 ORDER_COUNT = UInt256.valueOf(0).toBytes();
  private static final long ORDERS = 1;
  private static final long CONSUMER_ORDERS = 2;
  private static final long ASSET_ORDERS = 3;

  static final String PROVIDER_FEE_TUPLE = "(address,address,uint256,uint8,bytes32,bytes32,uint256,bytes)";
  static final String CONSUME_FEE_TUPLE = "(address,address,uint256)";
  private static final Bytes START_ORDER =
      Abi.selector("startOrder(address,address,uint256," + PROVIDER_FEE_TUPLE + "," + CONSUME_FEE_TUPLE + ")");
  static final Bytes BUY_FROM_FRE_AND_ORDER = Abi.selector("buyFromFreAndOrder(bytes32,uint256,address,uint256,address,uint256,"
      + PROVIDER_FEE_TUPLE + "," + CONSUME_FEE_TUPLE + ")");
  static final Bytes DISPENSE_AND_ORDER =
      Abi.selector("dispenseAndOrder(address,address,uint256," + PROVIDER_FEE_TUPLE + "," + CONSUME_FEE_TUPLE + ")");
  private static final Bytes REUSE_ORDER = Abi.selector("reuseOrder(bytes32," + PROVIDER_FEE_TUPLE + ")");
  private static final Bytes GET_ORDER = Abi.selector("getOrder(bytes32)");
  private static final Bytes ORDER_COUNT_SEL = Abi.selector("orderCount()");
  private static final Bytes CONSUMER_ORDER_COUNT = Abi.selector("consumerOrderCount(address)");
  private static final Bytes CONSUMER_ORDER_AT = Abi.selector("consumerOrderAt(address,uint256)");
  private static final Bytes ASSET_ORDER_COUNT = Abi.selector("assetOrderCount(bytes32)");
  private static final Bytes ASSET_ORDER_AT = Abi.selector("assetOrderAt(bytes32,uint256)");
  private static final Bytes IS_VALID = Abi.selector("isOrderValid(bytes32,address)");
  private static final Bytes GET_PROVIDER_FEE = Abi.selector("getOrderProviderFee(bytes32)");

  private static final Address SELF = DataMarketAddresses.ORDER_BOOK;

  @Override
  public Address address() {
    return SELF;
  }

  @Override
  public String name() {
    return "OrderBook";
  }

  @Override
  public CallResult call(SystemCall call, WorldUpdater world) {
    return MeteredCall.dispatch(CALL_GAS, null, call.input(), (m, sel, a) -> dispatch(call, world, m, sel, a));
  }

  private Bytes dispatch(SystemCall call, WorldUpdater w, Meter m, Bytes sel, Abi.Args a) {
    if (sel.equals(BUY_FROM_FRE_AND_ORDER)) { // the only payable function: msg.value pays the buy
      Order o = OneCallOrders.buyAndOrder(m, w, call.block(), call.txHash(), call.caller(), call.value().value(),
          a.word(0), a.uint(1).toBigInteger(), a.address(2), a.uint(3).toBigInteger(), a.address(4), a.uint(5),
          ProviderFee.decode(a, 6), ConsumeMarketFee.decode(a, 7));
      return o.orderTx().bytes();
    }
    if (call.value().value().signum() != 0) {
      throw new Revert("OrderBook: not payable");
    }
    if (sel.equals(DISPENSE_AND_ORDER)) {
      Order o = OneCallOrders.dispenseAndOrder(m, w, call.block(), call.txHash(), call.caller(), a.address(0), a.address(1),
          a.uint(2), ProviderFee.decode(a, 3), ConsumeMarketFee.decode(a, 4));
      return o.orderTx().bytes();
    }
    if (sel.equals(START_ORDER)) {
      Address dt = a.address(0);
      if (!DataAssetFactory.isDatatoken(w, dt)) {
        throw new Revert("OrderBook: not a datatoken of the asset factory");
      }
      Orders.start(m, w, call.block(), call.txHash(), dt, call.caller(), a.address(1), a.uint(2), ProviderFee.decode(a, 3),
          ConsumeMarketFee.decode(a, 4));
      return call.txHash().bytes();
    }
    if (sel.equals(REUSE_ORDER)) {
      Orders.reuse(m, w, call.block(), call.caller(), new Hash(a.word(0)), null, ProviderFee.decode(a, 1));
      return Bytes.EMPTY;
    }
    if (sel.equals(GET_ORDER)) {
      Order o = find(w, new Hash(a.exactly(1).word(0))).orElseThrow(() -> new Revert("OrderBook: no such order"));
      return Abi.encode(o.assetId(), o.datatoken(), o.consumer(), o.payer(), o.serviceIndex(), o.orderedAt(), o.blockNumber(),
          o.validUntil());
    }
    if (sel.equals(GET_PROVIDER_FEE)) {
      OrderProviderFee f = providerFee(w, new Hash(a.exactly(1).word(0))).orElseThrow(() -> new Revert("OrderBook: no such order"));
      return Abi.encode(f.provider(), f.token(), f.amount());
    }
    if (sel.equals(ORDER_COUNT_SEL)) {
      a.exactly(0);
      return Abi.encode(orderCount(w));
    }
    if (sel.equals(CONSUMER_ORDER_COUNT)) {
      return Abi.encode(consumerOrderCount(w, a.exactly(1).address(0)));
    }
    if (sel.equals(ASSET_ORDER_COUNT)) {
      return Abi.encode(assetOrderCount(w, a.exactly(1).word(0)));
    }
    if (sel.equals(CONSUMER_ORDER_AT) || sel.equals(ASSET_ORDER_AT)) {
      a.exactly(2);
      Bytes32 list = sel.equals(CONSUMER_ORDER_AT) ? consumerList(a.address(0)) : assetList(a.word(0));
      UInt256 i = a.uint(1);
      if (i.compareTo(UInt256.valueOf(length(w, list))) >= 0) {
        throw new Revert("OrderBook: index out of range");
      }
      return element(w, list, i.toLong());
    }
    if (sel.equals(IS_VALID)) {
      a.exactly(2);
      Optional<Order> o = find(w, new Hash(a.word(0)));
      Address consumer = a.address(1);
      return Abi.encode(o.isPresent() && o.get().consumer().equals(consumer) && o.get().validAt(call.block().timestamp()));
    }
    throw new Revert("unknown function selector " + sel.toHexString());
  }

  /** Writes the order and its index entries; returns the slots written (docs/spec/data-market.md §Orders, gas). */
  static int record(WorldUpdater w, Order o, ProviderFee fee) {
    return record(w, base(o.orderTx()), o, fee);
  }

  /** {@link #record(WorldUpdater, Order, ProviderFee)} at the order's struct slot, already computed ({@link #base}). */
  static int record(WorldUpdater w, Bytes32 base, Order o, ProviderFee fee) {
    w.putStorage(SELF, field(base, 0), o.assetId());
    w.putStorage(SELF, field(base, 1), pack(o.datatoken(), o.orderedAt()));
    w.putStorage(SELF, field(base, 2), pack(o.consumer(), o.blockNumber()));
    w.putStorage(SELF, field(base, 3), pack(o.payer(), o.validUntil()));
    w.putStorage(SELF, field(base, 4), pack(fee.address(), o.serviceIndex()));
    int slots = 5;
    if (fee.paid()) {
      w.putStorage(SELF, field(base, 5), Bytes32.leftPad(fee.token().bytes()));
      w.putStorage(SELF, field(base, 6), fee.amount().toBytes());
      slots += 2;
    }
    slots += push(w, consumerList(o.consumer()), o.orderTx().bytes());
    slots += push(w, assetList(o.assetId()), o.orderTx().bytes());
    w.putStorage(SELF, ORDER_COUNT, UInt256.valueOf(orderCount(w) + 1).toBytes());
    return slots + 1;
  }

  private static int push(WorldUpdater w, Bytes32 list, Bytes32 value) {
    long n = length(w, list);
    w.putStorage(SELF, elementSlot(list, n), value);
    w.putStorage(SELF, list, UInt256.valueOf(n + 1).toBytes());
    return 2;
  }

  // ---- Java read API (pure, over committed or working state) ----

  /** The order made by transaction {@code orderTx}, if any. */
  public static Optional<Order> find(WorldView w, Hash orderTx) {
    Bytes32 base = base(orderTx);
    Bytes32 asset = w.storage(SELF, field(base, 0));
    if (asset.isZero()) {
      return Optional.empty();
    }
    Bytes32 s1 = w.storage(SELF, field(base, 1));
    Bytes32 s2 = w.storage(SELF, field(base, 2));
    Bytes32 s3 = w.storage(SELF, field(base, 3));
    Bytes32 s4 = w.storage(SELF, field(base, 4));
    return Optional.of(new Order(orderTx, asset, addressOf(s1), addressOf(s2), addressOf(s3), uint64Of(s4), uint64Of(s1),
        uint64Of(s2), uint64Of(s3)));
  }

  /** The provider the order named and the fee it paid (token and amount zero if none), if the order exists. */
  /** Whether an order is recorded at struct slot {@code base} (its assetId, never 0 for an order, is non-zero). */
  static boolean recorded(WorldView w, Bytes32 base) {
    return !w.storage(SELF, base).isZero();
  }

  public static Optional<OrderProviderFee> providerFee(WorldView w, Hash orderTx) {
    Bytes32 base = base(orderTx);
    if (w.storage(SELF, field(base, 0)).isZero()) {
      return Optional.empty();
    }
    return Optional.of(new OrderProviderFee(addressOf(w.storage(SELF, field(base, 4))), addressOf(w.storage(SELF, field(base, 5))),
        UInt256.fromBytes(w.storage(SELF, field(base, 6)))));
  }

  public static long orderCount(WorldView w) {
    return UInt256.fromBytes(w.storage(SELF, ORDER_COUNT)).toLong();
  }

  public static long consumerOrderCount(WorldView w, Address consumer) {
    return length(w, consumerList(consumer));
  }

  public static long assetOrderCount(WorldView w, Bytes32 assetId) {
    return length(w, assetList(assetId));
  }

  /** The consumer's orders, oldest first, from position {@code offset}, at most {@code limit}. */
  public static List<Order> ordersOfConsumer(WorldView w, Address consumer, long offset, int limit) {
    return page(w, consumerList(consumer), offset, limit);
  }

  /** The asset's orders, oldest first, from position {@code offset}, at most {@code limit}. */
  public static List<Order> ordersOfAsset(WorldView w, Bytes32 assetId, long offset, int limit) {
    return page(w, assetList(assetId), offset, limit);
  }

  private static List<Order> page(WorldView w, Bytes32 list, long offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("negative offset or limit");
    }
    long n = length(w, list);
    List<Order> out = new ArrayList<>();
    for (long i = offset; i < n && out.size() < limit; i++) {
      out.add(find(w, new Hash(element(w, list, i))).orElseThrow());
    }
    return out;
  }

  // ---- layout ----

  /** The order's struct: {@code orders[orderTx]} at keccak256(orderTx ‖ uint256(1)). */
  static Bytes32 base(Hash orderTx) {
    return SlotMath.mapping(orderTx.bytes(), ORDERS);
  }

  private static Bytes32 field(Bytes32 base, int k) {
    return SlotMath.plus(base, k);
  }

  private static Bytes32 consumerList(Address consumer) {
    return SlotMath.mapping(consumer, CONSUMER_ORDERS);
  }

  private static Bytes32 assetList(Bytes32 assetId) {
    return SlotMath.mapping(assetId, ASSET_ORDERS);
  }

  private static long length(WorldView w, Bytes32 list) {
    return UInt256.fromBytes(w.storage(SELF, list)).toLong();
  }

  private static Bytes32 elementSlot(Bytes32 list, long i) {
    return SlotMath.plus(SlotMath.arrayData(list), i);
  }

  private static Bytes32 element(WorldView w, Bytes32 list, long i) {
    return w.storage(SELF, elementSlot(list, i));
  }

  /** Solidity packing of {@code address a; uint64 v;}: a in bytes 12..31, v in bytes 4..11. */
  static Bytes32 pack(Address a, long v) {
    byte[] word = new byte[32];
    System.arraycopy(a.bytes().toArrayUnsafe(), 0, word, 12, 20);
    for (int i = 0; i < 8; i++) {
      word[11 - i] = (byte) (v >>> (8 * i));
    }
    return Bytes32.wrap(word);
  }

  private static Address addressOf(Bytes32 word) {
    return new Address(word.slice(12, 20));
  }

  private static long uint64Of(Bytes32 word) {
    long v = 0;
    for (int i = 4; i < 12; i++) {
      v = (v << 8) | (word.get(i) & 0xff);
    }
    return v;
  }
}
