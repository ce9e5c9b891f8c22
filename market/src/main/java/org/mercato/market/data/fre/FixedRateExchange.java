package org.mercato.market.data.fre;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.crypto.Keccak;
import org.mercato.market.data.MeteredCall;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.market.data.MeteredCall.Revert;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.CallResult;
import org.mercato.state.exec.SystemCall;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.Account;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * The fixed-rate exchange at {@code 0x…1002} (docs/spec/data-market.md §Fixed-rate exchange; DM§7), first slice: the
 * native coin as base token. Prices by {@link FixedRateMath}; a buy pays every fee at once (no accrual): B0 to the
 * exchange owner, the publish-market fee to its collector, the community (OPC) fee to
 * {@link DataMarketAddresses#COMMUNITY_FEE_COLLECTOR}, the consume-market fee to the consume market, and refunds the
 * excess of {@code msg.value}; the exchange keeps no coins. Datatokens come from the exchange's own balance of the
 * datatoken, else are minted (withMint and the minter role).
 */
public final class FixedRateExchange implements SystemContract {
  public static final long CALL_GAS = DatatokenContract.CALL_GAS;
  public static final long WRITE_GAS = DatatokenContract.WRITE_GAS;
  public static final long LOG_GAS = DatatokenContract.LOG_GAS;
  /** The native coin as base token: address 0 in the exchange id, 18 decimals, the approved-token OPC fee. */
  public static final Address NATIVE = Address.ZERO;
  public static final int NATIVE_DECIMALS = 18;
  public static final BigInteger NATIVE_OPC_FEE = FixedRateMath.OPC_FEE_APPROVED;

  public static final Bytes32 EXCHANGE_CREATED_TOPIC = Abi.topic("ExchangeCreated(bytes32,address,address,address,uint256)");
  public static final Bytes32 SWAPPED_TOPIC =
      Abi.topic("Swapped(bytes32,address,uint256,uint256,address,uint256,uint256,uint256)");

  private static final Bytes CREATE = Abi.selector("createFixedRate(address,uint256,uint256,address,bool)");
  private static final Bytes BUY = Abi.selector("buyDT(bytes32,uint256,uint256,address,uint256)");
  private static final Bytes CALC_BUY = Abi.selector("calcBaseInGivenOutDT(bytes32,uint256,uint256)");
  private static final Bytes GET_ID = Abi.selector("generateExchangeId(address,address)");
  private static final Bytes GET_RATE = Abi.selector("getRate(bytes32)");

  private static final Bytes32 EXCHANGES = UInt256.valueOf(0).toBytes();
  private static final int F_OWNER = 0;
  private static final int F_DATATOKEN = 1;
  private static final int F_RATE = 2;
  private static final int F_MARKET_FEE = 3;
  private static final int F_MARKET_COLLECTOR = 4;
  private static final int F_WITH_MINT = 5;

  private static final Address SELF = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  private final Address address = SELF;

  @Override
  public Address address() {
    return address;
  }

  @Override
  public String name() {
    return "FixedRateExchange";
  }



  @Override
  public CallResult call(SystemCall call, WorldUpdater world) {
    return MeteredCall.run(CALL_GAS, "FixedRateExchange: ", m -> dispatch(call, world, m));
  }

  /** Ocean's id: keccak256(abi.encode(baseToken, datatoken)); the native coin is base token address 0. */
  public static Bytes32 exchangeId(Address baseToken, Address datatoken) {
    return Keccak.hash(Abi.encode(baseToken, datatoken)).bytes();
  }

  private Bytes dispatch(SystemCall call, WorldUpdater w, Meter m) {
    Bytes in = call.input();
    if (in.size() < 4) {
      throw new Revert("no function selector");
    }
    Bytes sel = in.slice(0, 4);
    Abi.Args a = Abi.args(in, 4);
    Address caller = call.caller();
    if (!sel.equals(BUY) && call.value().value().signum() != 0) {
      throw new Revert("FixedRateExchange: not payable");
    }
    if (sel.equals(CREATE)) {
      a.exactly(5);
      Address dt = a.address(0);
      UInt256 rate = a.uint(1);
      UInt256 marketFee = a.uint(2);
      Address collector = a.address(3);
      boolean withMint = a.bool(4);
      if (!DataAssetFactory.isDatatoken(w, dt)) {
        throw new Revert("FixedRateExchange: not a datatoken");
      }
      if (!caller.equals(DatatokenContract.owner(w, dt))) {
        throw new Revert("FixedRateExchange: NOT DATATOKEN OWNER");
      }
      if (rate.toBigInteger().compareTo(FixedRateMath.MIN_RATE) < 0) {
        throw new Revert("FixedRateExchange: Invalid exchange rate value");
      }
      if (!FixedRateMath.validSwapFee(marketFee.toBigInteger())) {
        throw new Revert("FixedRateExchange: Invalid market fee");
      }
      Bytes32 id = exchangeId(NATIVE, dt);
      if (!rate(w, id).isZero()) {
        throw new Revert("FixedRateExchange: Exchange already exists");
      }
      UInt256 base = base(id);
      put(w, m, field(base, F_OWNER), Bytes32.leftPad(caller.bytes()));
      put(w, m, field(base, F_DATATOKEN), Bytes32.leftPad(dt.bytes()));
      put(w, m, field(base, F_RATE), rate.toBytes());
      put(w, m, field(base, F_MARKET_FEE), marketFee.toBytes());
      put(w, m, field(base, F_MARKET_COLLECTOR), Bytes32.leftPad(collector.bytes()));
      if (withMint) {
        put(w, m, field(base, F_WITH_MINT), UInt256.ONE.toBytes());
        DatatokenContract.setMinter(w, dt, address, true); // Ocean: the FRE is added as minter at creation
        m.gas += WRITE_GAS;
      }
      log(m, List.of(EXCHANGE_CREATED_TOPIC, id, Bytes32.ZERO, Bytes32.leftPad(dt.bytes())), Abi.encode(caller, rate));
      return id;
    }
    if (sel.equals(BUY)) {
      a.exactly(5);
      BigInteger paid = call.value().value();
      BigInteger cost = buy(m, w, call.block(), caller, caller, a.word(0), a.uint(1).toBigInteger(),
          a.uint(2).toBigInteger(), a.address(3), a.uint(4).toBigInteger(), SELF, paid);
      pay(w, m, SELF, caller, paid.subtract(cost)); // refund of the excess msg.value
      return Abi.encode(cost);
    }
    if (sel.equals(CALC_BUY)) {
      a.exactly(3);
      UInt256 base = requireExchange(w, a.word(0));
      FixedRateMath.Quote q = FixedRateMath.calcBaseInGivenOutDT(exchange(w, base), a.uint(1).toBigInteger(), a.uint(2).toBigInteger());
      return Abi.encode(q.baseAmount(), q.oceanFee(), q.marketFee(), q.consumeMarketFee());
    }
    if (sel.equals(GET_ID)) {
      a.exactly(2);
      return exchangeId(a.address(0), a.address(1));
    }
    if (sel.equals(GET_RATE)) {
      a.exactly(1);
      requireExchange(w, a.word(0));
      return rate(w, a.word(0)).toBytes();
    }
    throw new Revert("unknown function selector " + sel.toHexString());
  }

  /**
   * A buy of {@code d} datatoken units (DM§7 {@code buyDT}; docs/spec/data-market.md §Fixed-rate exchange, "Buy from
   * another contract") inside a call that is already running: it shares the caller's {@link Meter} (gas, logs) and
   * {@link WorldUpdater} (so a revert of the enclosing call undoes it). {@code payer} pays and is the {@code Swapped}
   * event's buyer; the datatokens go to {@code recipient}. The native coin is taken from {@code coinHolder}, which must
   * already hold the {@code nativeValueAvailable} coins the transaction sent (the contract that received
   * {@code msg.value}); exactly the returned cost leaves {@code coinHolder} and the caller refunds the rest itself.
   *
   * @param block the block the call runs in (part of the agreed API; the exchange's pricing does not depend on it)
   * @return the cost in base units (B0 plus every fee)
   * @throws Revert with the readable reason; the caller lets it propagate so the whole call reverts
   */
  public static BigInteger buy(Meter m, WorldUpdater w, BlockContext block, Address payer, Address recipient,
      Bytes32 exchangeId, BigInteger d, BigInteger maxBase, Address consumeMarket, BigInteger consumeFee,
      Address coinHolder, BigInteger nativeValueAvailable) {
    UInt256 base = requireExchange(w, exchangeId);
    if (d.signum() == 0) {
      throw new Revert("FixedRateExchange: zero datatoken amount");
    }
    if (!FixedRateMath.validSwapFee(consumeFee)) {
      throw new Revert("FixedRateExchange: Invalid consume market fee");
    }
    if (consumeMarket.equals(Address.ZERO)) {
      consumeFee = BigInteger.ZERO;
    }
    FixedRateMath.Quote q = FixedRateMath.calcBaseInGivenOutDT(exchange(w, base), d, consumeFee);
    if (q.baseAmount().compareTo(maxBase) > 0) {
      throw new Revert("FixedRateExchange: Too many base tokens");
    }
    if (q.baseAmount().compareTo(nativeValueAvailable) > 0) {
      throw new Revert("FixedRateExchange: not enough native coin sent");
    }
    Address owner = addressAt(w, field(base, F_OWNER));
    Address dt = addressAt(w, field(base, F_DATATOKEN));
    // Datatokens first (may revert), then coins.
    UInt256 amount = UInt256.valueOf(d);
    if (DatatokenContract.balanceOf(w, dt, SELF).compareTo(amount) >= 0) {
      m.logs.add(DatatokenContract.transferAs(w, dt, SELF, recipient, amount));
    } else if (!w.storage(SELF, field(base, F_WITH_MINT)).isZero() && DatatokenContract.isMinter(w, dt, SELF)) {
      m.logs.add(DatatokenContract.mintAs(w, dt, SELF, recipient, amount));
      m.gas += WRITE_GAS; // supply
    } else {
      throw new Revert("FixedRateExchange: No available datatokens");
    }
    m.gas += 2 * WRITE_GAS + LOG_GAS;
    pay(w, m, coinHolder, owner, q.base());
    pay(w, m, coinHolder, addressAt(w, field(base, F_MARKET_COLLECTOR)), q.marketFee());
    pay(w, m, coinHolder, DataMarketAddresses.COMMUNITY_FEE_COLLECTOR, q.oceanFee());
    pay(w, m, coinHolder, consumeMarket, q.consumeMarketFee());
    log(m, List.of(SWAPPED_TOPIC, exchangeId, Bytes32.leftPad(payer.bytes())),
        Abi.encode(q.baseAmount(), d, dt, q.marketFee(), q.oceanFee(), q.consumeMarketFee()));
    return q.baseAmount();
  }

  /** Moves {@code amount} coins from {@code from} to {@code to}. */
  private static void pay(WorldUpdater w, Meter m, Address from, Address to, BigInteger amount) {
    if (amount.signum() == 0 || to.equals(from)) {
      return;
    }
    Wei v = new Wei(amount);
    Account self = w.accountOrEmpty(from);
    w.putAccount(from, self.withBalance(self.balance().subtract(v)));
    Account t = w.accountOrEmpty(to);
    w.putAccount(to, t.withBalance(t.balance().add(v)));
    m.gas += WRITE_GAS;
  }

  private static UInt256 requireExchange(WorldView w, Bytes32 id) {
    if (rate(w, id).isZero()) {
      throw new Revert("FixedRateExchange: Exchange does not exist");
    }
    return base(id);
  }

  private static FixedRateMath.Exchange exchange(WorldView w, UInt256 base) {
    return new FixedRateMath.Exchange(UInt256.fromBytes(w.storage(SELF, field(base, F_RATE))).toBigInteger(),
        NATIVE_DECIMALS, DatatokenContract.DECIMALS,
        UInt256.fromBytes(w.storage(SELF, field(base, F_MARKET_FEE))).toBigInteger(), NATIVE_OPC_FEE);
  }

  /** The stored rate of exchange {@code id}; zero iff it does not exist. */
  public static UInt256 rate(WorldView w, Bytes32 id) {
    return UInt256.fromBytes(w.storage(DataMarketAddresses.FIXED_RATE_EXCHANGE, field(base(id), F_RATE)));
  }

  private static Address addressAt(WorldView w, Bytes32 slot) {
    return new Address(w.storage(SELF, slot).slice(12, 20));
  }

  private static UInt256 base(Bytes32 id) {
    return UInt256.fromBytes(Keccak.hash(Bytes.concatenate(id, EXCHANGES)).bytes());
  }

  private static Bytes32 field(UInt256 base, int k) {
    return base.add(UInt256.valueOf(k)).toBytes();
  }

  private void put(WorldUpdater w, Meter m, Bytes32 slot, Bytes32 value) {
    w.putStorage(address, slot, value);
    m.gas += WRITE_GAS;
  }

  private static void log(Meter m, List<Bytes32> topics, Bytes data) {
    m.logs.add(new Log(SELF, topics, data));
    m.gas += LOG_GAS;
  }
}
