package org.mercato.market.data.dispenser;

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
import org.mercato.state.exec.CallResult;
import org.mercato.state.exec.SystemCall;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * The dispenser at {@code 0x…1003} (docs/spec/data-market.md §Dispenser; DM§8): hands out free datatokens within a
 * per-request cap ({@code maxTokens}) and a per-holder bound ({@code maxBalance}, strict: the destination's balance
 * before the transfer must be below it), from its own stock of the datatoken, minting only the shortfall when it is a
 * minter. Mercato fix of DM§12: {@code allowedSwapper} defaults to 0, which means anyone may request.
 */
public final class Dispenser implements SystemContract {
  public static final long CALL_GAS = DatatokenContract.CALL_GAS;
  public static final long WRITE_GAS = DatatokenContract.WRITE_GAS;
  public static final long LOG_GAS = DatatokenContract.LOG_GAS;

  public static final Bytes32 CREATED_TOPIC = Abi.topic("DispenserCreated(address,address,uint256,uint256,address)");
  public static final Bytes32 ACTIVATED_TOPIC = Abi.topic("DispenserActivated(address)");
  public static final Bytes32 DEACTIVATED_TOPIC = Abi.topic("DispenserDeactivated(address)");
  public static final Bytes32 ALLOWED_SWAPPER_CHANGED_TOPIC = Abi.topic("DispenserAllowedSwapperChanged(address,address)");
  public static final Bytes32 DISPENSED_TOPIC = Abi.topic("TokensDispensed(address,address,uint256)");
  public static final Bytes32 OWNER_WITHDREW_TOPIC = Abi.topic("OwnerWithdrawed(address,address,uint256)");

  private static final Bytes CREATE = Abi.selector("create(address,uint256,uint256,bool,address)");
  private static final Bytes DISPENSE = Abi.selector("dispense(address,uint256,address)");
  private static final Bytes ACTIVATE = Abi.selector("activate(address,uint256,uint256)");
  private static final Bytes DEACTIVATE = Abi.selector("deactivate(address)");
  private static final Bytes SET_SWAPPER = Abi.selector("setAllowedSwapper(address,address)");
  private static final Bytes OWNER_WITHDRAW = Abi.selector("ownerWithdraw(address)");
  private static final Bytes STATUS = Abi.selector("status(address)");

  private static final Address SELF = DataMarketAddresses.DISPENSER;

  @Override
  public Address address() {
    return SELF;
  }

  @Override
  public String name() {
    return "Dispenser";
  }

  @Override
  public CallResult call(SystemCall call, WorldUpdater world) {
    return MeteredCall.dispatch(CALL_GAS, "Dispenser: ", call.input(), (m, sel, a) -> dispatch(call, world, m, sel, a));
  }

  private Bytes dispatch(SystemCall call, WorldUpdater w, Meter m, Bytes sel, Abi.Args a) {
    if (call.value().value().signum() != 0) {
      throw new Revert("Dispenser: not payable"); // Ocean's dispense is payable and keeps the coins; nothing is for sale
    }
    Address caller = call.caller();
    if (sel.equals(CREATE)) {
      a.exactly(5);
      Address dt = a.address(0);
      BigInteger maxTokens = a.uint(1).toBigInteger();
      BigInteger maxBalance = a.uint(2).toBigInteger();
      boolean withMint = a.bool(3);
      Address swapper = a.address(4);
      if (!DataAssetFactory.isDatatoken(w, dt)) {
        throw new Revert("Dispenser: not a datatoken");
      }
      requireDatatokenOwner(w, dt, caller);
      if (DispenserStore.find(w, dt).isPresent()) {
        throw new Revert("Dispenser: DataToken already created");
      }
      DispenserStore.create(w, m, dt, caller, maxTokens, maxBalance, swapper);
      if (withMint) {
        DatatokenContract.setMinter(w, dt, SELF, true); // as Ocean's createDispenser adds the dispenser as minter
        m.gas += WRITE_GAS;
      }
      log(m, List.of(CREATED_TOPIC, word(dt), word(caller)), Abi.encode(maxTokens, maxBalance, swapper));
      log(m, List.of(ACTIVATED_TOPIC, word(dt)), Bytes.EMPTY);
      return Bytes.EMPTY;
    }
    if (sel.equals(DISPENSE)) {
      a.exactly(3);
      dispense(m, w, caller, a.address(0), a.uint(1).toBigInteger(), a.address(2));
      return Bytes.EMPTY;
    }
    if (sel.equals(ACTIVATE)) {
      a.exactly(3);
      Address dt = a.address(0);
      requireOwner(w, dt, caller);
      DispenserStore.activate(w, m, dt, a.uint(1).toBigInteger(), a.uint(2).toBigInteger());
      log(m, List.of(ACTIVATED_TOPIC, word(dt)), Bytes.EMPTY);
      return Bytes.EMPTY;
    }
    if (sel.equals(DEACTIVATE)) {
      a.exactly(1);
      Address dt = a.address(0);
      requireOwner(w, dt, caller);
      DispenserStore.deactivate(w, m, dt);
      log(m, List.of(DEACTIVATED_TOPIC, word(dt)), Bytes.EMPTY);
      return Bytes.EMPTY;
    }
    if (sel.equals(SET_SWAPPER)) {
      a.exactly(2);
      Address dt = a.address(0);
      Address swapper = a.address(1);
      requireOwner(w, dt, caller);
      DispenserStore.setAllowedSwapper(w, m, dt, swapper);
      log(m, List.of(ALLOWED_SWAPPER_CHANGED_TOPIC, word(dt), word(swapper)), Bytes.EMPTY);
      return Bytes.EMPTY;
    }
    if (sel.equals(OWNER_WITHDRAW)) {
      a.exactly(1);
      Address dt = a.address(0);
      requireOwner(w, dt, caller);
      UInt256 stock = DatatokenContract.balanceOf(w, dt, SELF);
      Address to = DatatokenPayee.of(w, dt);
      if (!stock.isZero()) {
        m.logs.add(DatatokenContract.transferAs(w, dt, SELF, to, stock));
        m.gas += 2 * WRITE_GAS + LOG_GAS;
      }
      log(m, List.of(OWNER_WITHDREW_TOPIC, word(dt), word(to)), stock.toBytes());
      return Bytes.EMPTY;
    }
    if (sel.equals(STATUS)) {
      a.exactly(1);
      Address dt = a.address(0);
      boolean minter = DatatokenContract.isMinter(w, dt, SELF);
      UInt256 stock = DatatokenContract.balanceOf(w, dt, SELF);
      return DispenserStore.find(w, dt)
          .map(d -> Abi.encode(d.active(), d.owner(), minter, d.maxTokens(), d.maxBalance(), stock, d.allowedSwapper()))
          .orElse(Abi.encode(false, Address.ZERO, minter, 0L, 0L, stock, Address.ZERO));
    }
    throw new Revert("unknown function selector " + sel.toHexString());
  }

  /**
   * Dispenses {@code amount} units of {@code datatoken} to {@code destination} as {@code caller} requests (DM§8, in
   * Ocean's order of checks), inside a call already running: same {@link Meter} and {@link WorldUpdater} as the
   * enclosing call (the one-call dispense+order path), so its revert undoes this. {@code caller} is the requester checked
   * against {@code allowedSwapper}. Throws {@link Revert} with the reason.
   */
  public static void dispense(Meter m, WorldUpdater w, Address caller, Address datatoken, BigInteger amount,
      Address destination) {
    DispenserState d = DispenserStore.find(w, datatoken)
        .orElseThrow(() -> new Revert("Dispenser: no dispenser for this datatoken"));
    if (!d.active()) {
      throw new Revert("Dispenser: Dispenser not active");
    }
    if (amount.signum() == 0) {
      throw new Revert("Dispenser: Invalid zero amount");
    }
    if (amount.compareTo(d.maxTokens()) > 0) {
      throw new Revert("Dispenser: Amount too high");
    }
    if (!d.allowedSwapper().equals(Address.ZERO) && !d.allowedSwapper().equals(caller)) {
      throw new Revert("Dispenser: This address is not allowed to request DT");
    }
    if (destination.equals(Address.ZERO)) {
      throw new Revert("Dispenser: zero destination");
    }
    if (DatatokenContract.balanceOf(w, datatoken, destination).toBigInteger().compareTo(d.maxBalance()) >= 0) {
      throw new Revert("Dispenser: Caller balance too high");
    }
    BigInteger stock = DatatokenContract.balanceOf(w, datatoken, SELF).toBigInteger();
    UInt256 v = UInt256.valueOf(amount);
    if (stock.compareTo(amount) < 0 && DatatokenContract.isMinter(w, datatoken, SELF)) {
      // Only the shortfall is minted, to the dispenser itself; a mint past the cap reverts with the token's reason.
      m.logs.add(DatatokenContract.mintAs(w, datatoken, SELF, SELF, UInt256.valueOf(amount.subtract(stock))));
      m.gas += 2 * WRITE_GAS + LOG_GAS;
      stock = amount;
    }
    if (stock.compareTo(amount) < 0) {
      throw new Revert("Dispenser: Not enough reserves");
    }
    log(m, List.of(DISPENSED_TOPIC, word(datatoken), word(destination)), v.toBytes());
    m.logs.add(DatatokenContract.transferAs(w, datatoken, SELF, destination, v));
    m.gas += 2 * WRITE_GAS + LOG_GAS;
  }

  /** Ocean: "ERC20 deployer or NFT owner" (DM§8): the datatoken's owner or its asset's datatokenDeployer. */
  private static void requireDatatokenOwner(WorldView w, Address dt, Address caller) {
    if (!DatatokenContract.isDeployer(w, dt, caller)) {
      throw new Revert("Dispenser: Invalid owner");
    }
  }

  /** Ocean: ERC-20 deployer or NFT owner ({@link DatatokenContract#isDeployer}), of an existing dispenser. */
  private static void requireOwner(WorldView w, Address dt, Address caller) {
    if (DispenserStore.find(w, dt).isEmpty()) {
      throw new Revert("Dispenser: no dispenser for this datatoken");
    }
    requireDatatokenOwner(w, dt, caller);
  }

  private static Bytes32 word(Address a) {
    return Bytes32.leftPad(a.bytes());
  }

  private static void log(Meter m, List<Bytes32> topics, Bytes data) {
    m.logs.add(new Log(SELF, topics, data));
    m.gas += LOG_GAS;
  }
}
