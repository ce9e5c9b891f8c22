package org.mercato.market.data.token;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.factory.Role;
import org.mercato.market.data.order.ConsumeMarketFee;
import org.mercato.market.data.order.Orders;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.state.types.Hash;
import org.mercato.state.block.Log;
import org.mercato.market.data.MeteredCall;
import org.mercato.market.data.SlotMath;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.market.data.MeteredCall.Revert;
import org.mercato.state.exec.CallResult;
import org.mercato.state.exec.SystemCall;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * A datatoken (Ocean's ERC20Template) as a native ERC-20 at one address; all its state lives in that address's storage
 * (docs/spec/data-market.md §Storage layout, §Datatoken ABI, §Gas schedule). One instance per datatoken address,
 * because the registry dispatches by exact address.
 */
public final class DatatokenContract implements SystemContract {
  public static final long CALL_GAS = 2_100;
  public static final long WRITE_GAS = 5_000;
  public static final long LOG_GAS = 1_000;
  public static final int DECIMALS = 18;

  public static final Bytes32 TRANSFER_TOPIC = Abi.topic("Transfer(address,address,uint256)");
  public static final Bytes32 APPROVAL_TOPIC = Abi.topic("Approval(address,address,uint256)");
  /** Ocean's ERC20Roles / ERC20Template role events, same signatures and indexing (DM§3). */
  public static final Bytes32 ADDED_MINTER_TOPIC = Abi.topic("AddedMinter(address,address,uint256,uint256)");
  public static final Bytes32 REMOVED_MINTER_TOPIC = Abi.topic("RemovedMinter(address,address,uint256,uint256)");
  public static final Bytes32 ADDED_PAYMENT_MANAGER_TOPIC = Abi.topic("AddedPaymentManager(address,address,uint256,uint256)");
  public static final Bytes32 REMOVED_PAYMENT_MANAGER_TOPIC = Abi.topic("RemovedPaymentManager(address,address,uint256,uint256)");
  public static final Bytes32 NEW_PAYMENT_COLLECTOR_TOPIC = Abi.topic("NewPaymentCollector(address,address,uint256,uint256)");

  static final Bytes32 SLOT_SUPPLY = slot(0);
  static final Bytes32 SLOT_CAP = slot(1);
  static final Bytes32 SLOT_NAME = slot(2);
  static final Bytes32 SLOT_SYMBOL = slot(3);
  static final Bytes32 SLOT_OWNER = slot(4);
  private static final long BALANCES = 5;
  private static final long ALLOWANCES = 6;
  private static final long MINTERS = 7;
  static final Bytes32 SLOT_PAYMENT_COLLECTOR = slot(8);
  static final Bytes32 SLOT_ROLE_EPOCH = slot(9);
  private static final long PAYMENT_MANAGERS = 10;

  private static final Bytes NAME = Abi.selector("name()");
  private static final Bytes SYMBOL = Abi.selector("symbol()");
  private static final Bytes DECIMALS_SEL = Abi.selector("decimals()");
  private static final Bytes TOTAL_SUPPLY = Abi.selector("totalSupply()");
  private static final Bytes CAP = Abi.selector("cap()");
  private static final Bytes OWNER = Abi.selector("owner()");
  private static final Bytes BALANCE_OF = Abi.selector("balanceOf(address)");
  private static final Bytes ALLOWANCE = Abi.selector("allowance(address,address)");
  private static final Bytes IS_MINTER = Abi.selector("isMinter(address)");
  private static final Bytes TRANSFER = Abi.selector("transfer(address,uint256)");
  private static final Bytes APPROVE = Abi.selector("approve(address,uint256)");
  private static final Bytes TRANSFER_FROM = Abi.selector("transferFrom(address,address,uint256)");
  private static final Bytes MINT = Abi.selector("mint(address,uint256)");
  private static final Bytes ADD_MINTER = Abi.selector("addMinter(address)");
  private static final Bytes REMOVE_MINTER = Abi.selector("removeMinter(address)");
  private static final Bytes ADD_PAYMENT_MANAGER = Abi.selector("addPaymentManager(address)");
  private static final Bytes REMOVE_PAYMENT_MANAGER = Abi.selector("removePaymentManager(address)");
  private static final Bytes IS_PAYMENT_MANAGER = Abi.selector("isPaymentManager(address)");
  private static final Bytes GET_PERMISSIONS = Abi.selector("getPermissions(address)");
  private static final Bytes SET_PAYMENT_COLLECTOR = Abi.selector("setPaymentCollector(address)");
  private static final Bytes GET_PAYMENT_COLLECTOR = Abi.selector("getPaymentCollector()");
  private static final Bytes ASSET_ID = Abi.selector("assetId()");
  /** Ocean's ERC20Template.startOrder / reuseOrder, same ABI (selector of startOrder 0x79d9d7f3, DM§9). */
  public static final Bytes START_ORDER = Abi.selector("startOrder(address,uint256,"
      + "(address,address,uint256,uint8,bytes32,bytes32,uint256,bytes),(address,address,uint256))");
  public static final Bytes REUSE_ORDER = Abi.selector("reuseOrder(bytes32,(address,address,uint256,uint8,bytes32,bytes32,uint256,bytes))");
  private static final Bytes INITIALIZE = Abi.selector("initialize(string,string,uint256,address,address)");

  private final Address address;
  private final Address creator;

  /**
   * @param address the datatoken's address (normally {@link DataMarketAddresses#datatoken})
   * @param creator the only caller allowed to {@code initialize} it (the asset factory in the node)
   */
  public DatatokenContract(Address address, Address creator) {
    this.address = address;
    this.creator = creator;
  }

  public DatatokenContract(Address address) {
    this(address, DataMarketAddresses.ASSET_FACTORY);
  }

  @Override
  public Address address() {
    return address;
  }



  @Override
  public CallResult call(SystemCall call, WorldUpdater world) {
    return MeteredCall.dispatch(CALL_GAS, null, call.input(), (m, sel, a) -> dispatch(call, world, m, sel, a));
  }

  private Bytes dispatch(SystemCall call, WorldUpdater w, Meter m, Bytes sel, Abi.Args a) {
    if (!call.value().value().equals(java.math.BigInteger.ZERO)) {
      throw new Revert("DatatokenContract: not payable");
    }
    Address caller = call.caller();
    if (sel.equals(INITIALIZE)) {
      if (!caller.equals(creator)) {
        throw new Revert("DatatokenContract: only the asset factory may initialize");
      }
      create(w, address, a.string(0), a.string(1), a.uint(2), a.address(3), a.address(4));
      m.gas += 6 * WRITE_GAS;
      return Abi.encode(true);
    }
    if (!exists(w, address)) {
      throw new Revert("DatatokenContract: no datatoken at " + address);
    }
    if (sel.equals(NAME)) {
      a.exactly(0);
      return Abi.encode(shortString(w.storage(address, SLOT_NAME)));
    }
    if (sel.equals(SYMBOL)) {
      a.exactly(0);
      return Abi.encode(shortString(w.storage(address, SLOT_SYMBOL)));
    }
    if (sel.equals(DECIMALS_SEL)) {
      a.exactly(0);
      return Abi.encode((long) DECIMALS);
    }
    if (sel.equals(TOTAL_SUPPLY)) {
      a.exactly(0);
      return totalSupply(w, address).toBytes();
    }
    if (sel.equals(CAP)) {
      a.exactly(0);
      return cap(w, address).toBytes();
    }
    if (sel.equals(OWNER)) {
      a.exactly(0);
      return Abi.encode(owner(w, address));
    }
    if (sel.equals(BALANCE_OF)) {
      return balanceOf(w, address, a.exactly(1).address(0)).toBytes();
    }
    if (sel.equals(ALLOWANCE)) {
      a.exactly(2);
      return allowance(w, address, a.address(0), a.address(1)).toBytes();
    }
    if (sel.equals(IS_MINTER)) {
      return Abi.encode(isMinter(w, address, a.exactly(1).address(0)));
    }
    if (sel.equals(TRANSFER)) {
      a.exactly(2);
      move(w, m, caller, a.address(0), a.uint(1));
      return Abi.encode(true);
    }
    if (sel.equals(APPROVE)) {
      a.exactly(2);
      Address spender = a.address(0);
      UInt256 v = a.uint(1);
      put(w, m, allowanceSlot(caller, spender), v.toBytes());
      log(m, APPROVAL_TOPIC, caller, spender, v);
      return Abi.encode(true);
    }
    if (sel.equals(TRANSFER_FROM)) {
      a.exactly(3);
      Address from = a.address(0);
      Address to = a.address(1);
      UInt256 v = a.uint(2);
      UInt256 allowed = allowance(w, address, from, caller);
      if (allowed.compareTo(v) < 0) {
        throw new Revert("ERC20: insufficient allowance");
      }
      checkMove(w, from, to, v);
      if (!allowed.equals(UInt256.MAX_VALUE)) {
        put(w, m, allowanceSlot(from, caller), allowed.subtract(v).toBytes());
      }
      move(w, m, from, to, v);
      return Abi.encode(true);
    }
    if (sel.equals(MINT)) {
      a.exactly(2);
      Address to = a.address(0);
      UInt256 v = a.uint(1);
      if (!isMinter(w, address, caller)) {
        throw new Revert("ERC20Template: NOT MINTER");
      }
      if (to.equals(Address.ZERO)) {
        throw new Revert("ERC20: mint to the zero address");
      }
      UInt256 supply = totalSupply(w, address);
      UInt256 cap = cap(w, address);
      if (v.compareTo(cap.subtract(supply)) > 0) {
        throw new Revert("DataTokenTemplate: cap exceeded");
      }
      put(w, m, SLOT_SUPPLY, supply.add(v).toBytes());
      put(w, m, balanceSlot(to), balanceOf(w, address, to).add(v).toBytes());
      log(m, TRANSFER_TOPIC, Address.ZERO, to, v);
      return Bytes.EMPTY;
    }
    if (sel.equals(ADD_MINTER) || sel.equals(REMOVE_MINTER) || sel.equals(ADD_PAYMENT_MANAGER)
        || sel.equals(REMOVE_PAYMENT_MANAGER)) {
      Address who = a.exactly(1).address(0);
      boolean add = sel.equals(ADD_MINTER) || sel.equals(ADD_PAYMENT_MANAGER);
      boolean minterRole = sel.equals(ADD_MINTER) || sel.equals(REMOVE_MINTER);
      if (!(!add && caller.equals(who)) && !isDeployer(w, address, caller)) { // a holder may drop its own role
        throw new Revert("DatatokenContract: NOT OWNER OR DATATOKEN DEPLOYER");
      }
      if (add && who.equals(Address.ZERO)) {
        throw new Revert("DatatokenContract: role for the zero address");
      }
      put(w, m, minterRole ? minterSlot(who) : paymentManagerSlot(who), add ? roleValue(w, address) : Bytes32.ZERO);
      Bytes32 topic = minterRole ? (add ? ADDED_MINTER_TOPIC : REMOVED_MINTER_TOPIC)
          : (add ? ADDED_PAYMENT_MANAGER_TOPIC : REMOVED_PAYMENT_MANAGER_TOPIC);
      m.logs.add(new Log(address, List.of(topic, Bytes32.leftPad(who.bytes()), Bytes32.leftPad(caller.bytes())),
          Abi.encode(call.block().timestamp(), call.block().number())));
      m.gas += LOG_GAS;
      return Bytes.EMPTY;
    }
    if (sel.equals(IS_PAYMENT_MANAGER)) {
      return Abi.encode(isPaymentManager(w, address, a.exactly(1).address(0)));
    }
    if (sel.equals(GET_PERMISSIONS)) {
      Address who = a.exactly(1).address(0);
      return Abi.encode(isMinter(w, address, who), isPaymentManager(w, address, who));
    }
    if (sel.equals(SET_PAYMENT_COLLECTOR)) {
      Address collector = a.exactly(1).address(0);
      if (!isPaymentManager(w, address, caller) && !isDeployer(w, address, caller)) {
        throw new Revert("DatatokenContract: NOT PAYMENT MANAGER OR OWNER");
      }
      put(w, m, SLOT_PAYMENT_COLLECTOR, Bytes32.leftPad(collector.bytes()));
      m.logs.add(new Log(address, List.of(NEW_PAYMENT_COLLECTOR_TOPIC, Bytes32.leftPad(caller.bytes()),
          Bytes32.leftPad(collector.bytes())), Abi.encode(call.block().timestamp(), call.block().number())));
      m.gas += LOG_GAS;
      return Bytes.EMPTY;
    }
    if (sel.equals(START_ORDER)) {
      Orders.start(m, w, call.block(), call.txHash(), address, caller, a.address(0), a.uint(1), ProviderFee.decode(a, 2),
          ConsumeMarketFee.decode(a, 3));
      return Bytes.EMPTY;
    }
    if (sel.equals(REUSE_ORDER)) {
      Orders.reuse(m, w, call.block(), caller, new Hash(a.word(0)), address, ProviderFee.decode(a, 1));
      return Bytes.EMPTY;
    }
    if (sel.equals(GET_PAYMENT_COLLECTOR)) {
      a.exactly(0);
      return Abi.encode(paymentCollector(w, address));
    }
    if (sel.equals(ASSET_ID)) {
      a.exactly(0);
      return DataAssetFactory.assetOf(w, address).orElse(Bytes32.ZERO);
    }
    throw new Revert("unknown function selector " + sel.toHexString());
  }

  private void checkMove(WorldView w, Address from, Address to, UInt256 v) {
    if (to.equals(Address.ZERO)) {
      throw new Revert("ERC20: transfer to the zero address");
    }
    if (balanceOf(w, address, from).compareTo(v) < 0) {
      throw new Revert("ERC20: transfer amount exceeds balance");
    }
  }

  private void move(WorldUpdater w, Meter m, Address from, Address to, UInt256 v) {
    checkMove(w, from, to, v);
    Bytes32 fromSlot = balanceSlot(from);
    put(w, m, fromSlot, UInt256.fromBytes(w.storage(address, fromSlot)).subtract(v).toBytes());
    Bytes32 toSlot = balanceSlot(to);
    put(w, m, toSlot, UInt256.fromBytes(w.storage(address, toSlot)).add(v).toBytes());
    log(m, TRANSFER_TOPIC, from, to, v);
  }

  private void put(WorldUpdater w, Meter m, Bytes32 slot, Bytes32 value) {
    w.putStorage(address, slot, value);
    m.gas += WRITE_GAS;
  }

  private void log(Meter m, Bytes32 topic, Address a, Address b, UInt256 v) {
    m.logs.add(new Log(address, List.of(topic, Bytes32.leftPad(a.bytes()), Bytes32.leftPad(b.bytes())), v.toBytes()));
    m.gas += LOG_GAS;
  }

  // ---- state access, shared with the factory and tests ----

  /**
   * Creates the datatoken's state at {@code token} (what the asset factory will do; also behind {@code initialize}).
   * Rejections throw {@link Revert} with the reason to revert with; nothing is written then.
   */
  public static void create(WorldUpdater w, Address token, String name, String symbol, UInt256 cap, Address owner, Address minter) {
    if (exists(w, token)) {
      throw new Revert("DatatokenContract: already initialized");
    }
    if (cap.isZero()) {
      throw new Revert("DatatokenContract: zero cap is not allowed");
    }
    if (owner.equals(Address.ZERO)) {
      throw new Revert("DatatokenContract: zero owner");
    }
    Bytes32 nameWord = encodeShortString(name, "name");
    Bytes32 symbolWord = encodeShortString(symbol, "symbol");
    w.putStorage(token, SLOT_NAME, nameWord);
    w.putStorage(token, SLOT_SYMBOL, symbolWord);
    w.putStorage(token, SLOT_CAP, cap.toBytes());
    w.putStorage(token, SLOT_OWNER, Bytes32.leftPad(owner.bytes()));
    w.putStorage(token, SLOT_SUPPLY, Bytes32.ZERO);
    if (!minter.equals(Address.ZERO)) {
      w.putStorage(token, minterSlot(minter), UInt256.ONE.toBytes());
    }
  }

  /**
   * Mint by another system contract acting as minter {@code minter} (e.g. the fixed-rate exchange): the same checks and
   * writes as {@code mint}; returns the Transfer log. Throws {@link Revert}; nothing is written then.
   */
  public static Log mintAs(WorldUpdater w, Address token, Address minter, Address to, UInt256 v) {
    if (!isMinter(w, token, minter)) {
      throw new Revert("ERC20Template: NOT MINTER");
    }
    if (to.equals(Address.ZERO)) {
      throw new Revert("ERC20: mint to the zero address");
    }
    UInt256 supply = totalSupply(w, token);
    if (v.compareTo(cap(w, token).subtract(supply)) > 0) {
      throw new Revert("DataTokenTemplate: cap exceeded");
    }
    w.putStorage(token, SLOT_SUPPLY, supply.add(v).toBytes());
    Bytes32 toSlot = balanceSlot(to);
    w.putStorage(token, toSlot, UInt256.fromBytes(w.storage(token, toSlot)).add(v).toBytes());
    return new Log(token, List.of(TRANSFER_TOPIC, Bytes32.ZERO, Bytes32.leftPad(to.bytes())), v.toBytes());
  }

  /** A transfer by another system contract of its own balance ({@code from}); returns the Transfer log. */
  public static Log transferAs(WorldUpdater w, Address token, Address from, Address to, UInt256 v) {
    if (to.equals(Address.ZERO)) {
      throw new Revert("ERC20: transfer to the zero address");
    }
    Bytes32 fromSlot = balanceSlot(from);
    UInt256 fromBal = UInt256.fromBytes(w.storage(token, fromSlot));
    if (fromBal.compareTo(v) < 0) {
      throw new Revert("ERC20: transfer amount exceeds balance");
    }
    w.putStorage(token, fromSlot, fromBal.subtract(v).toBytes());
    Bytes32 toSlot = balanceSlot(to);
    w.putStorage(token, toSlot, UInt256.fromBytes(w.storage(token, toSlot)).add(v).toBytes());
    return new Log(token, List.of(TRANSFER_TOPIC, Bytes32.leftPad(from.bytes()), Bytes32.leftPad(to.bytes())), v.toBytes());
  }

  /**
   * Grants or revokes the minter role, as {@code addMinter/removeMinter} (the caller has checked who may): one slot
   * written, holding the current role epoch + 1.
   */
  public static void setMinter(WorldUpdater w, Address token, Address account, boolean minter) {
    w.putStorage(token, minterSlot(account), minter ? roleValue(w, token) : Bytes32.ZERO);
  }

  /**
   * Who may manage the datatoken's roles and payment collector (DM§3, "ERC20 deployer or NFT owner"): its owner (slot 4)
   * or, for a datatoken of the factory's asset, a holder of that asset's datatokenDeployer role.
   */
  public static boolean isDeployer(WorldView w, Address token, Address who) {
    if (who.equals(owner(w, token))) {
      return true;
    }
    return DataAssetFactory.assetOf(w, token)
        .map(asset -> DataAssetFactory.hasRole(w, asset, Role.DATATOKEN_DEPLOYER, who))
        .orElse(false);
  }

  /**
   * The asset was transferred (DM§3 cleanFrom721): a new role epoch drops every minter and payment manager, the payment
   * collector is reset to 0 (= the owner) and the owner slot names {@code newOwner}. Returns the slots written (3).
   */
  public static int resetRoles(WorldUpdater w, Address token, Address newOwner) {
    long epoch = UInt256.fromBytes(w.storage(token, SLOT_ROLE_EPOCH)).toLong();
    w.putStorage(token, SLOT_ROLE_EPOCH, UInt256.valueOf(epoch + 1).toBytes());
    w.putStorage(token, SLOT_PAYMENT_COLLECTOR, Bytes32.ZERO);
    w.putStorage(token, SLOT_OWNER, Bytes32.leftPad(newOwner.bytes()));
    return 3;
  }

  /** A role slot's value while held: the current role epoch + 1 (so epoch 0 keeps the plain "1 = minter" layout). */
  private static Bytes32 roleValue(WorldView w, Address token) {
    return UInt256.fromBytes(w.storage(token, SLOT_ROLE_EPOCH)).add(UInt256.ONE).toBytes();
  }

  public static boolean isPaymentManager(WorldView w, Address token, Address account) {
    Bytes32 v = w.storage(token, paymentManagerSlot(account));
    return !v.isZero() && v.equals(roleValue(w, token));
  }

  /**
   * Where the 0.97 of an order goes (DM§3 getPaymentCollector): slot 8, or the datatoken's owner (the asset owner)
   * when it is zero.
   */
  public static Address paymentCollector(WorldView w, Address datatoken) {
    Address c = new Address(w.storage(datatoken, SLOT_PAYMENT_COLLECTOR).slice(12, 20));
    return c.equals(Address.ZERO) ? owner(w, datatoken) : c;
  }

  public static boolean exists(WorldView w, Address token) {
    return !w.storage(token, SLOT_CAP).isZero();
  }

  public static UInt256 totalSupply(WorldView w, Address token) {
    return UInt256.fromBytes(w.storage(token, SLOT_SUPPLY));
  }

  public static UInt256 cap(WorldView w, Address token) {
    return UInt256.fromBytes(w.storage(token, SLOT_CAP));
  }

  public static Address owner(WorldView w, Address token) {
    return new Address(w.storage(token, SLOT_OWNER).slice(12, 20));
  }

  public static UInt256 balanceOf(WorldView w, Address token, Address holder) {
    return UInt256.fromBytes(w.storage(token, balanceSlot(holder)));
  }

  public static UInt256 allowance(WorldView w, Address token, Address owner, Address spender) {
    return UInt256.fromBytes(w.storage(token, allowanceSlot(owner, spender)));
  }

  public static boolean isMinter(WorldView w, Address token, Address account) {
    Bytes32 v = w.storage(token, minterSlot(account));
    return !v.isZero() && v.equals(roleValue(w, token));
  }

  /** Solidity mapping slots, keccak256(pad(key) ‖ uint256(slot)) ({@link SlotMath}). */
  static Bytes32 balanceSlot(Address holder) {
    return SlotMath.mapping(holder, BALANCES);
  }

  static Bytes32 allowanceSlot(Address owner, Address spender) {
    return SlotMath.mapping(spender, SlotMath.mapping(owner, ALLOWANCES));
  }

  static Bytes32 minterSlot(Address account) {
    return SlotMath.mapping(account, MINTERS);
  }

  static Bytes32 paymentManagerSlot(Address account) {
    return SlotMath.mapping(account, PAYMENT_MANAGERS);
  }

  private static Bytes32 slot(long n) {
    return UInt256.valueOf(n).toBytes();
  }

  /** Solidity's short-string storage: bytes left-aligned, last byte = 2 · length; 1..31 bytes. */
  public static Bytes32 encodeShortString(String s, String what) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length == 0 || b.length > 31) {
      throw new Revert("DatatokenContract: " + what + " must be 1 to 31 bytes");
    }
    byte[] word = new byte[32];
    System.arraycopy(b, 0, word, 0, b.length);
    word[31] = (byte) (2 * b.length);
    return Bytes32.wrap(word);
  }

  public static String shortString(Bytes32 word) {
    int len = (word.get(31) & 0xff) / 2;
    return new String(word.slice(0, Math.min(len, 31)).toArrayUnsafe(), StandardCharsets.UTF_8);
  }
}
