package org.mercato.market.data.fre;

import static org.mercato.market.data.fre.ExchangeStore.F_ALLOWED_SWAPPER;
import static org.mercato.market.data.fre.ExchangeStore.F_BASE_TOKEN;
import static org.mercato.market.data.fre.ExchangeStore.F_DATATOKEN;
import static org.mercato.market.data.fre.ExchangeStore.F_DEACTIVATED;
import static org.mercato.market.data.fre.ExchangeStore.F_MARKET_COLLECTOR;
import static org.mercato.market.data.fre.ExchangeStore.F_MARKET_FEE;
import static org.mercato.market.data.fre.ExchangeStore.F_OWNER;
import static org.mercato.market.data.fre.ExchangeStore.F_RATE;
import static org.mercato.market.data.fre.ExchangeStore.F_WITH_MINT;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.DatatokenPayee;
import org.mercato.market.data.MeteredCall;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.market.data.MeteredCall.Revert;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.CallResult;
import org.mercato.state.exec.SystemCall;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * The fixed-rate exchange at {@code 0x…1002} (docs/spec/data-market.md §Fixed-rate exchange; DM§7). Base token: the
 * native coin (address 0) or any other datatoken of this chain. Prices by {@link FixedRateMath}. A buy pays every fee
 * at once (no accrual): B0 to the datatoken's payment collector, the publish-market fee to its collector, the community
 * (OPC) fee to {@link DataMarketAddresses#COMMUNITY_FEE_COLLECTOR}, the consume-market fee to the consume market. A sell
 * pays the seller out of the exchange's base reserve ({@code btBalance}), which deposits fund and {@code collectBT}
 * drains to the payment collector. Datatokens for buys come from the exchange's stock of the datatoken
 * ({@link ExchangeStore#stock}), else are minted (withMint and the minter role).
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
  public static final Bytes32 RATE_CHANGED_TOPIC = Abi.topic("ExchangeRateChanged(bytes32,address,uint256)");
  public static final Bytes32 MINT_STATE_CHANGED_TOPIC = Abi.topic("ExchangeMintStateChanged(bytes32,address,bool)");
  public static final Bytes32 ACTIVATED_TOPIC = Abi.topic("ExchangeActivated(bytes32,address)");
  public static final Bytes32 DEACTIVATED_TOPIC = Abi.topic("ExchangeDeactivated(bytes32,address)");
  public static final Bytes32 ALLOWED_SWAPPER_CHANGED_TOPIC = Abi.topic("ExchangeAllowedSwapperChanged(bytes32,address)");
  public static final Bytes32 MARKET_FEE_CHANGED_TOPIC = Abi.topic("PublishMarketFeeChanged(bytes32,address,address,uint256)");
  public static final Bytes32 CONSUME_MARKET_FEE_TOPIC = Abi.topic("ConsumeMarketFee(bytes32,address,address,uint256)");
  public static final Bytes32 TOKEN_COLLECTED_TOPIC = Abi.topic("TokenCollected(bytes32,address,address,uint256)");
  /** Mercato event: Ocean has no deposit function (its owner's allowance is pulled at sell time). */
  public static final Bytes32 BASE_DEPOSITED_TOPIC = Abi.topic("BaseTokenDeposited(bytes32,address,uint256)");

  private static final Bytes CREATE_NATIVE = Abi.selector("createFixedRate(address,uint256,uint256,address,bool)");
  private static final Bytes CREATE =
      Abi.selector("createFixedRate(address,address,uint256,uint256,address,bool,address)");
  private static final Bytes BUY = Abi.selector("buyDT(bytes32,uint256,uint256,address,uint256)");
  private static final Bytes SELL = Abi.selector("sellDT(bytes32,uint256,uint256,address,uint256)");
  private static final Bytes DEPOSIT_BT = Abi.selector("depositBT(bytes32,uint256)");
  private static final Bytes COLLECT_BT = Abi.selector("collectBT(bytes32,uint256)");
  private static final Bytes COLLECT_DT = Abi.selector("collectDT(bytes32,uint256)");
  private static final Bytes SET_RATE = Abi.selector("setRate(bytes32,uint256)");
  private static final Bytes TOGGLE_MINT = Abi.selector("toggleMintState(bytes32,bool)");
  private static final Bytes TOGGLE_STATE = Abi.selector("toggleExchangeState(bytes32)");
  private static final Bytes SET_SWAPPER = Abi.selector("setAllowedSwapper(bytes32,address)");
  private static final Bytes UPDATE_FEE = Abi.selector("updateMarketFee(bytes32,uint256)");
  private static final Bytes UPDATE_COLLECTOR = Abi.selector("updateMarketFeeCollector(bytes32,address)");
  private static final Bytes CALC_BUY = Abi.selector("calcBaseInGivenOutDT(bytes32,uint256,uint256)");
  private static final Bytes CALC_SELL = Abi.selector("calcBaseOutGivenInDT(bytes32,uint256,uint256)");
  private static final Bytes GET_ID = Abi.selector("generateExchangeId(address,address)");
  private static final Bytes GET_RATE = Abi.selector("getRate(bytes32)");
  private static final Bytes GET_EXCHANGE = Abi.selector("getExchange(bytes32)");
  private static final Bytes IS_ACTIVE = Abi.selector("isActive(bytes32)");
  private static final Bytes GET_SWAPPER = Abi.selector("getAllowedSwapper(bytes32)");
  private static final Bytes GET_FEES = Abi.selector("getFeesInfo(bytes32)");
  private static final Bytes GET_MARKET_FEE = Abi.selector("getMarketFee(bytes32)");

  private static final Address SELF = ExchangeStore.SELF;

  @Override
  public Address address() {
    return SELF;
  }

  @Override
  public String name() {
    return "FixedRateExchange";
  }

  @Override
  public CallResult call(SystemCall call, WorldUpdater world) {
    return MeteredCall.dispatch(CALL_GAS, "FixedRateExchange: ", call.input(), (m, sel, a) -> dispatch(call, world, m, sel, a));
  }

  /** Ocean's id: keccak256(abi.encode(baseToken, datatoken)); the native coin is base token address 0. */
  public static Bytes32 exchangeId(Address baseToken, Address datatoken) {
    return Keccak.hash(Abi.encode(baseToken, datatoken)).bytes();
  }

  /** The stored rate of exchange {@code id}; zero iff it does not exist. */
  public static UInt256 rate(WorldView w, Bytes32 id) {
    return ExchangeStore.find(w, id).map(e -> UInt256.valueOf(e.rate())).orElse(UInt256.ZERO);
  }

  private Bytes dispatch(SystemCall call, WorldUpdater w, Meter m, Bytes sel, Abi.Args a) {
    Address caller = call.caller();
    BigInteger value = call.value().value();
    if (!sel.equals(BUY) && !sel.equals(DEPOSIT_BT) && value.signum() != 0) {
      throw new Revert("FixedRateExchange: not payable");
    }
    if (sel.equals(CREATE_NATIVE)) {
      a.exactly(5);
      return create(w, m, caller, a.address(0), NATIVE, a.uint(1).toBigInteger(), a.uint(2).toBigInteger(),
          a.address(3), a.bool(4), Address.ZERO);
    }
    if (sel.equals(CREATE)) {
      a.exactly(7);
      return create(w, m, caller, a.address(0), a.address(1), a.uint(2).toBigInteger(), a.uint(3).toBigInteger(),
          a.address(4), a.bool(5), a.address(6));
    }
    if (sel.equals(BUY)) {
      a.exactly(5);
      ExchangeState ex = requireExchange(w, a.word(0));
      if (!ex.nativeBase() && value.signum() != 0) {
        throw new Revert("FixedRateExchange: not payable for a token-based exchange");
      }
      BigInteger cost = buy(m, w, call.block(), caller, caller, a.word(0), a.uint(1).toBigInteger(),
          a.uint(2).toBigInteger(), a.address(3), a.uint(4).toBigInteger(), SELF, value);
      if (ex.nativeBase()) {
        BaseAsset.move(m, w, NATIVE, SELF, caller, value.subtract(cost)); // refund of the excess msg.value
      }
      return Abi.encode(cost);
    }
    if (sel.equals(SELL)) {
      a.exactly(5);
      return Abi.encode(sell(m, w, caller, a.word(0), a.uint(1).toBigInteger(), a.uint(2).toBigInteger(),
          a.address(3), a.uint(4).toBigInteger()));
    }
    if (sel.equals(DEPOSIT_BT)) {
      a.exactly(2);
      ExchangeState ex = requireExchange(w, a.word(0));
      BigInteger amount = a.uint(1).toBigInteger();
      if (amount.signum() == 0) {
        throw new Revert("FixedRateExchange: zero deposit");
      }
      if (ex.nativeBase() ? !value.equals(amount) : value.signum() != 0) {
        throw new Revert(ex.nativeBase() ? "FixedRateExchange: msg.value must equal the deposit"
            : "FixedRateExchange: not payable for a token-based exchange");
      }
      if (!ex.nativeBase()) {
        BaseAsset.move(m, w, ex.baseToken(), caller, SELF, amount); // the coins of a native deposit are already here
      }
      ExchangeStore.addBtBalance(w, m, ex, amount);
      log(m, List.of(BASE_DEPOSITED_TOPIC, ex.id(), word(caller)), Abi.encode(amount));
      return Bytes.EMPTY;
    }
    if (sel.equals(COLLECT_BT) || sel.equals(COLLECT_DT)) {
      a.exactly(2);
      ExchangeState ex = requireExchange(w, a.word(0));
      BigInteger amount = a.uint(1).toBigInteger();
      boolean base = sel.equals(COLLECT_BT);
      BigInteger available = base ? ex.btBalance() : ExchangeStore.stock(w, ex.datatoken());
      if (amount.compareTo(available) > 0) {
        throw new Revert("FixedRateExchange: Amount too high");
      }
      Address to = DatatokenPayee.of(w, ex.datatoken());
      if (base) {
        ExchangeStore.addBtBalance(w, m, ex, amount.negate());
        BaseAsset.move(m, w, ex.baseToken(), SELF, to, amount);
      } else {
        BaseAsset.move(m, w, ex.datatoken(), SELF, to, amount);
      }
      Address token = base ? ex.baseToken() : ex.datatoken();
      log(m, List.of(TOKEN_COLLECTED_TOPIC, ex.id(), word(to), word(token)), Abi.encode(amount));
      return Bytes.EMPTY;
    }
    if (sel.equals(SET_RATE)) {
      a.exactly(2);
      ExchangeState ex = requireOwner(w, a.word(0), caller);
      BigInteger rate = a.uint(1).toBigInteger();
      if (rate.compareTo(FixedRateMath.MIN_RATE) < 0) {
        throw new Revert("FixedRateExchange: Invalid exchange rate value");
      }
      ExchangeStore.put(w, m, ex.id(), F_RATE, rate);
      log(m, List.of(RATE_CHANGED_TOPIC, ex.id(), word(caller)), Abi.encode(rate));
      return Bytes.EMPTY;
    }
    if (sel.equals(TOGGLE_MINT)) {
      a.exactly(2);
      ExchangeState ex = requireOwner(w, a.word(0), caller);
      boolean withMint = a.bool(1);
      ExchangeStore.put(w, m, ex.id(), F_WITH_MINT, withMint);
      if (withMint && !DatatokenContract.isMinter(w, ex.datatoken(), SELF)) {
        DatatokenContract.setMinter(w, ex.datatoken(), SELF, true); // as at creation; the caller may grant minters
        m.gas += WRITE_GAS;
      }
      log(m, List.of(MINT_STATE_CHANGED_TOPIC, ex.id(), word(caller)), Abi.encode(withMint));
      return Bytes.EMPTY;
    }
    if (sel.equals(TOGGLE_STATE)) {
      a.exactly(1);
      ExchangeState ex = requireOwner(w, a.word(0), caller);
      ExchangeStore.put(w, m, ex.id(), F_DEACTIVATED, ex.active());
      log(m, List.of(ex.active() ? DEACTIVATED_TOPIC : ACTIVATED_TOPIC, ex.id(), word(caller)), Bytes.EMPTY);
      return Bytes.EMPTY;
    }
    if (sel.equals(SET_SWAPPER)) {
      a.exactly(2);
      ExchangeState ex = requireOwner(w, a.word(0), caller);
      Address swapper = a.address(1);
      ExchangeStore.put(w, m, ex.id(), F_ALLOWED_SWAPPER, swapper);
      log(m, List.of(ALLOWED_SWAPPER_CHANGED_TOPIC, ex.id(), word(swapper)), Bytes.EMPTY);
      return Bytes.EMPTY;
    }
    if (sel.equals(UPDATE_FEE) || sel.equals(UPDATE_COLLECTOR)) {
      a.exactly(2);
      ExchangeState ex = requireExchange(w, a.word(0));
      if (!caller.equals(ex.marketFeeCollector())) {
        throw new Revert("FixedRateExchange: not marketFeeCollector");
      }
      BigInteger fee = sel.equals(UPDATE_FEE) ? a.uint(1).toBigInteger() : ex.marketFee();
      Address collector = sel.equals(UPDATE_COLLECTOR) ? a.address(1) : ex.marketFeeCollector();
      checkMarketFee(fee, collector);
      if (sel.equals(UPDATE_FEE)) {
        ExchangeStore.put(w, m, ex.id(), F_MARKET_FEE, fee);
      } else {
        ExchangeStore.put(w, m, ex.id(), F_MARKET_COLLECTOR, collector);
      }
      log(m, List.of(MARKET_FEE_CHANGED_TOPIC, ex.id()), Abi.encode(caller, collector, fee));
      return Bytes.EMPTY;
    }
    if (sel.equals(CALC_BUY) || sel.equals(CALC_SELL)) {
      a.exactly(3);
      ExchangeState ex = requireActive(w, a.word(0));
      BigInteger d = a.uint(1).toBigInteger();
      BigInteger fee = a.uint(2).toBigInteger();
      FixedRateMath.Quote q = sel.equals(CALC_BUY) ? FixedRateMath.calcBaseInGivenOutDT(ex.pricing(), d, fee)
          : FixedRateMath.calcBaseOutGivenInDT(ex.pricing(), d, fee);
      return Abi.encode(q.baseAmount(), q.oceanFee(), q.marketFee(), q.consumeMarketFee());
    }
    if (sel.equals(GET_ID)) {
      a.exactly(2);
      return exchangeId(a.address(0), a.address(1));
    }
    if (sel.equals(GET_RATE)) {
      a.exactly(1);
      return Abi.encode(requireExchange(w, a.word(0)).rate());
    }
    if (sel.equals(GET_EXCHANGE)) {
      a.exactly(1);
      return ExchangeStore.find(w, a.word(0)).map(ex -> exchangeTuple(w, ex))
          .orElse(Abi.encode(Address.ZERO, Address.ZERO, 0L, Address.ZERO, 0L, 0L, false, 0L, 0L, 0L, 0L, false));
    }
    if (sel.equals(IS_ACTIVE)) {
      a.exactly(1);
      return Abi.encode(ExchangeStore.find(w, a.word(0)).map(ExchangeState::active).orElse(false));
    }
    if (sel.equals(GET_SWAPPER)) {
      a.exactly(1);
      return Abi.encode(ExchangeStore.find(w, a.word(0)).map(ExchangeState::allowedSwapper).orElse(Address.ZERO));
    }
    if (sel.equals(GET_MARKET_FEE)) {
      a.exactly(1);
      return Abi.encode(ExchangeStore.find(w, a.word(0)).map(ExchangeState::marketFee).orElse(BigInteger.ZERO));
    }
    if (sel.equals(GET_FEES)) {
      a.exactly(1);
      ExchangeState ex = requireExchange(w, a.word(0));
      return Abi.encode(ex.marketFee(), ex.marketFeeCollector(), ex.opcFee(), 0L, 0L); // fees never accrue
    }
    throw new Revert("unknown function selector " + sel.toHexString());
  }

  private Bytes create(WorldUpdater w, Meter m, Address caller, Address dt, Address baseToken, BigInteger rate,
      BigInteger marketFee, Address collector, boolean withMint, Address allowedSwapper) {
    if (!DataAssetFactory.isDatatoken(w, dt)) {
      throw new Revert("FixedRateExchange: not a datatoken");
    }
    if (!DatatokenContract.isDeployer(w, dt, caller)) { // Ocean: datatoken.createFixedRate is onlyERC20Deployer
      throw new Revert("FixedRateExchange: NOT DATATOKEN OWNER");
    }
    if (baseToken.equals(dt)) {
      throw new Revert("FixedRateExchange: Invalid datatoken, equals baseToken");
    }
    if (!baseToken.equals(NATIVE) && !DataAssetFactory.isDatatoken(w, baseToken)) {
      throw new Revert("FixedRateExchange: Invalid baseToken, not the native coin or a datatoken");
    }
    if (rate.compareTo(FixedRateMath.MIN_RATE) < 0) {
      throw new Revert("FixedRateExchange: Invalid exchange rate value");
    }
    checkMarketFee(marketFee, collector);
    Bytes32 id = exchangeId(baseToken, dt);
    if (ExchangeStore.find(w, id).isPresent()) {
      throw new Revert("FixedRateExchange: Exchange already exists");
    }
    ExchangeStore.put(w, m, id, F_OWNER, caller);
    ExchangeStore.put(w, m, id, F_DATATOKEN, dt);
    ExchangeStore.put(w, m, id, F_RATE, rate);
    ExchangeStore.put(w, m, id, F_MARKET_FEE, marketFee);
    ExchangeStore.put(w, m, id, F_MARKET_COLLECTOR, collector);
    if (!baseToken.equals(NATIVE)) {
      ExchangeStore.put(w, m, id, F_BASE_TOKEN, baseToken);
    }
    if (!allowedSwapper.equals(Address.ZERO)) {
      ExchangeStore.put(w, m, id, F_ALLOWED_SWAPPER, allowedSwapper);
    }
    if (withMint) {
      ExchangeStore.put(w, m, id, F_WITH_MINT, true);
      DatatokenContract.setMinter(w, dt, SELF, true); // Ocean: the FRE is added as minter at creation
      m.gas += WRITE_GAS;
    }
    log(m, List.of(EXCHANGE_CREATED_TOPIC, id, word(baseToken), word(dt)), Abi.encode(caller, rate));
    log(m, List.of(ACTIVATED_TOPIC, id, word(caller)), Bytes.EMPTY);
    log(m, List.of(ALLOWED_SWAPPER_CHANGED_TOPIC, id, word(allowedSwapper)), Bytes.EMPTY);
    log(m, List.of(MARKET_FEE_CHANGED_TOPIC, id), Abi.encode(caller, collector, marketFee));
    return id;
  }

  /** A fee within bounds; a zero collector only with a zero fee (it could never be paid nor changed otherwise). */
  private static void checkMarketFee(BigInteger fee, Address collector) {
    if (!FixedRateMath.validSwapFee(fee)) {
      throw new Revert("FixedRateExchange: Invalid market fee");
    }
    if (fee.signum() != 0 && collector.equals(Address.ZERO)) {
      throw new Revert("FixedRateExchange: zero market fee collector with a non-zero fee");
    }
  }

  /**
   * A buy of {@code d} datatoken units (DM§7 {@code buyDT}; docs/spec/data-market.md §Fixed-rate exchange, "Buy from
   * another contract") inside a call that is already running: it shares the caller's {@link Meter} (gas, logs) and
   * {@link WorldUpdater} (so a revert of the enclosing call undoes it). {@code payer} pays and is the {@code Swapped}
   * event's buyer; the datatokens go to {@code recipient}. Native-coin exchange: the coins are taken from
   * {@code coinHolder}, which must already hold the {@code nativeValueAvailable} coins the transaction sent (the
   * contract that received {@code msg.value}); exactly the returned cost leaves {@code coinHolder} and the caller
   * refunds the rest itself. Token-based exchange: the base tokens are moved from {@code payer}'s balance directly (the
   * payer's signed transaction with {@code maxBase} is the authorization); {@code coinHolder} and
   * {@code nativeValueAvailable} are not used.
   *
   * @param block the block the call runs in (part of the agreed API; the exchange's pricing does not depend on it)
   * @return the cost in base units (B0 plus every fee)
   * @throws Revert with the readable reason; the caller lets it propagate so the whole call reverts
   */
  public static BigInteger buy(Meter m, WorldUpdater w, BlockContext block, Address payer, Address recipient,
      Bytes32 exchangeId, BigInteger d, BigInteger maxBase, Address consumeMarket, BigInteger consumeFee,
      Address coinHolder, BigInteger nativeValueAvailable) {
    return buy(m, w, block, payer, recipient, requireExchange(w, exchangeId), d, maxBase, consumeMarket, consumeFee,
        coinHolder, nativeValueAvailable);
  }

  /**
   * {@link #buy(Meter, WorldUpdater, BlockContext, Address, Address, Bytes32, BigInteger, BigInteger, Address, BigInteger,
   * Address, BigInteger) buy} of an exchange the caller has just read ({@link ExchangeStore#find}) in the same world, so
   * it is not read twice; the same checks in the same order, starting with "is not active".
   */
  public static BigInteger buy(Meter m, WorldUpdater w, BlockContext block, Address payer, Address recipient,
      ExchangeState ex, BigInteger d, BigInteger maxBase, Address consumeMarket, BigInteger consumeFee,
      Address coinHolder, BigInteger nativeValueAvailable) {
    Bytes32 exchangeId = ex.id();
    if (!ex.active()) {
      throw new Revert("FixedRateExchange: Exchange is not active");
    }
    if (d.signum() == 0) {
      throw new Revert("FixedRateExchange: zero datatoken amount");
    }
    if (!FixedRateMath.validSwapFee(consumeFee)) {
      throw new Revert("FixedRateExchange: Invalid consume market fee");
    }
    checkSwapper(ex, payer);
    if (consumeMarket.equals(Address.ZERO)) {
      consumeFee = BigInteger.ZERO;
    }
    FixedRateMath.Quote q = FixedRateMath.calcBaseInGivenOutDT(ex.pricing(), d, consumeFee);
    if (q.baseAmount().compareTo(maxBase) > 0) {
      throw new Revert("FixedRateExchange: Too many base tokens");
    }
    Address source;
    if (ex.nativeBase()) {
      if (q.baseAmount().compareTo(nativeValueAvailable) > 0) {
        throw new Revert("FixedRateExchange: not enough native coin sent");
      }
      source = coinHolder;
    } else {
      if (BaseAsset.balance(w, ex.baseToken(), payer).compareTo(q.baseAmount()) < 0) {
        throw new Revert("FixedRateExchange: not enough base tokens");
      }
      source = payer;
    }
    // Datatokens first (may revert), then the base.
    UInt256 amount = UInt256.valueOf(d);
    if (ExchangeStore.stock(w, ex.datatoken()).compareTo(d) >= 0) {
      m.logs.add(DatatokenContract.transferAs(w, ex.datatoken(), SELF, recipient, amount));
    } else if (ex.withMint() && DatatokenContract.isMinter(w, ex.datatoken(), SELF)) {
      m.logs.add(DatatokenContract.mintAs(w, ex.datatoken(), SELF, recipient, amount));
      m.gas += WRITE_GAS; // supply
    } else {
      throw new Revert("FixedRateExchange: No available datatokens");
    }
    m.gas += 2 * WRITE_GAS + LOG_GAS;
    BaseAsset.move(m, w, ex.baseToken(), source, DatatokenPayee.of(w, ex.datatoken()), q.base());
    payFees(m, w, ex, source, consumeMarket, q);
    log(m, List.of(SWAPPED_TOPIC, exchangeId, word(payer)),
        Abi.encode(q.baseAmount(), d, ex.datatoken(), q.marketFee(), q.oceanFee(), q.consumeMarketFee()));
    return q.baseAmount();
  }

  /**
   * {@code sellDT} (DM§7): the seller's {@code d} datatokens go to the exchange's stock; B0 leaves the exchange's base
   * reserve as the seller's proceeds plus the three fees. Returns the proceeds.
   */
  private static BigInteger sell(Meter m, WorldUpdater w, Address seller, Bytes32 id, BigInteger d, BigInteger minBase,
      Address consumeMarket, BigInteger consumeFee) {
    ExchangeState ex = requireActive(w, id);
    if (d.signum() == 0) {
      throw new Revert("FixedRateExchange: zero datatoken amount");
    }
    if (!FixedRateMath.validSwapFee(consumeFee)) {
      throw new Revert("FixedRateExchange: Invalid consume market fee");
    }
    checkSwapper(ex, seller);
    if (consumeMarket.equals(Address.ZERO)) {
      consumeFee = BigInteger.ZERO;
    }
    FixedRateMath.Quote q = FixedRateMath.calcBaseOutGivenInDT(ex.pricing(), d, consumeFee);
    if (q.baseAmount().compareTo(minBase) < 0) {
      throw new Revert("FixedRateExchange: Too few base tokens");
    }
    if (q.base().compareTo(ex.btBalance()) > 0) {
      throw new Revert("FixedRateExchange: Not enough base tokens");
    }
    if (DatatokenContract.balanceOf(w, ex.datatoken(), seller).compareTo(UInt256.valueOf(d)) < 0) {
      throw new Revert("FixedRateExchange: not enough datatokens");
    }
    BaseAsset.move(m, w, ex.datatoken(), seller, SELF, d);
    ExchangeStore.addBtBalance(w, m, ex, q.base().negate());
    BaseAsset.move(m, w, ex.baseToken(), SELF, seller, q.baseAmount());
    payFees(m, w, ex, SELF, consumeMarket, q);
    log(m, List.of(SWAPPED_TOPIC, id, word(seller)),
        Abi.encode(q.baseAmount(), d, ex.baseToken(), q.marketFee(), q.oceanFee(), q.consumeMarketFee()));
    return q.baseAmount();
  }

  private static void payFees(Meter m, WorldUpdater w, ExchangeState ex, Address from, Address consumeMarket,
      FixedRateMath.Quote q) {
    BaseAsset.move(m, w, ex.baseToken(), from, ex.marketFeeCollector(), q.marketFee());
    BaseAsset.move(m, w, ex.baseToken(), from, DataMarketAddresses.COMMUNITY_FEE_COLLECTOR, q.oceanFee());
    if (q.consumeMarketFee().signum() != 0) {
      BaseAsset.move(m, w, ex.baseToken(), from, consumeMarket, q.consumeMarketFee());
      log(m, List.of(CONSUME_MARKET_FEE_TOPIC, ex.id()), Abi.encode(consumeMarket, ex.baseToken(), q.consumeMarketFee()));
    }
  }

  private static void checkSwapper(ExchangeState ex, Address swapper) {
    if (!ex.allowedSwapper().equals(Address.ZERO) && !ex.allowedSwapper().equals(swapper)) {
      throw new Revert("FixedRateExchange: This address is not allowed to swap");
    }
  }

  private static Bytes exchangeTuple(WorldView w, ExchangeState ex) {
    BigInteger stock = ExchangeStore.stock(w, ex.datatoken());
    BigInteger dtSupply = BigInteger.ZERO;
    if (ex.active()) {
      dtSupply = stock;
      if (ex.withMint() && DatatokenContract.isMinter(w, ex.datatoken(), SELF)) {
        BigInteger mintable = DatatokenContract.cap(w, ex.datatoken()).subtract(DatatokenContract.totalSupply(w, ex.datatoken())).toBigInteger();
        dtSupply = dtSupply.max(mintable); // a buy uses the stock if it covers d, else mints all of d
      }
    }
    BigInteger btSupply = ex.active() ? ex.btBalance() : BigInteger.ZERO;
    return Abi.encode(ex.owner(), ex.datatoken(), (long) DatatokenContract.DECIMALS, ex.baseToken(),
        (long) ex.btDecimals(), ex.rate(), ex.active(), dtSupply, btSupply, stock, ex.btBalance(), ex.withMint());
  }

  private static ExchangeState requireExchange(WorldView w, Bytes32 id) {
    return ExchangeStore.find(w, id).orElseThrow(() -> new Revert("FixedRateExchange: Exchange does not exist"));
  }

  private static ExchangeState requireActive(WorldView w, Bytes32 id) {
    ExchangeState ex = requireExchange(w, id);
    if (!ex.active()) {
      throw new Revert("FixedRateExchange: Exchange is not active");
    }
    return ex;
  }

  /**
   * Ocean's onlyExchangeOwner, "ERC20 deployer or NFT owner" (DM§7): {@link DatatokenContract#isDeployer}, the
   * datatoken's current owner or a holder of its asset's datatokenDeployer role; the stored creator is informational.
   */
  private static ExchangeState requireOwner(WorldView w, Bytes32 id, Address caller) {
    ExchangeState ex = requireExchange(w, id);
    if (!DatatokenContract.isDeployer(w, ex.datatoken(), caller)) {
      throw new Revert("FixedRateExchange: invalid exchange owner");
    }
    return ex;
  }

  private static Bytes32 word(Address a) {
    return Bytes32.leftPad(a.bytes());
  }

  private static void log(Meter m, List<Bytes32> topics, Bytes data) {
    m.logs.add(new Log(SELF, topics, data));
    m.gas += LOG_GAS;
  }
}
