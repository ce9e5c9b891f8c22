package org.mercato.market.data.dispenser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MarketChain;
import org.mercato.market.data.MeteredCall;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.exec.CallResult;
import org.mercato.state.exec.SystemCall;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldUpdater;

/** The dispenser over a real chain: DM§8's vector, its limits, shortfall mint, admin and conservation (data-market.md §Dispenser). */
class DispenserChainTest {
  private static final KeyPair ALICE = MarketChain.key(0); // datatoken owner
  private static final KeyPair BOB = MarketChain.key(1);
  private static final KeyPair CAROL = MarketChain.key(2);
  private static final Address DAVE = Address.fromHex("0x00000000000000000000000000000000000000d4");
  private static final Address DISPENSER = DataMarketAddresses.DISPENSER;
  private static final Address RELAY = Address.fromHex("0x000000000000000000000000000000000000b0b1");
  private static final BigInteger E18 = MarketChain.E18;
  private static final BigInteger CAP = E18.multiply(BigInteger.valueOf(100));

  @TempDir Path dir;
  private MarketChain mc;
  private Address dt;

  /** Stands for the one-call dispense+order path: dispenses inside its own call, then reverts if asked to. */
  private static final class DispenseOnBehalf implements SystemContract {
    @Override
    public Address address() {
      return RELAY;
    }

    @Override
    public CallResult call(SystemCall call, WorldUpdater w) {
      return MeteredCall.run(2_100, null, m -> {
        Abi.Args a = Abi.args(call.input(), 4);
        Dispenser.dispense(m, w, call.caller(), a.address(0), a.uint(1).toBigInteger(), a.address(2));
        if (a.bool(3)) {
          throw new MeteredCall.Revert("relay: changed my mind");
        }
        return Bytes.EMPTY;
      });
    }
  }

  @BeforeEach
  void open() {
    mc = new MarketChain(dir, 3, new DataAssetFactory(), new Dispenser(), new DispenseOnBehalf());
    dt = mc.datatoken(ALICE, "FREE", CAP);
  }

  @AfterEach
  void close() {
    mc.close();
  }

  private static Bytes create(Address token, BigInteger maxTokens, BigInteger maxBalance, boolean withMint, Address swapper) {
    return Abi.call("create(address,uint256,uint256,bool,address)", token, maxTokens, maxBalance, withMint, swapper);
  }

  private static Bytes dispense(Address token, BigInteger amount, Address destination) {
    return Abi.call("dispense(address,uint256,address)", token, amount, destination);
  }

  private static Bytes32 w(Address a) {
    return Bytes32.leftPad(a.bytes());
  }

  @Test
  void referenceVectorSecondRequestIsRefusedForBalance() {
    Receipt c = mc.ok(ALICE, DISPENSER, create(dt, E18, E18, true, Address.ZERO));
    assertEquals(List.of(new Log(DISPENSER, List.of(Dispenser.CREATED_TOPIC, w(dt), w(ALICE.address())),
        Abi.encode(E18, E18, Address.ZERO)), new Log(DISPENSER, List.of(Dispenser.ACTIVATED_TOPIC, w(dt)), Bytes.EMPTY)),
        c.logs());
    assertTrue(DatatokenContract.isMinter(mc.state(), dt, DISPENSER));

    Receipt r = mc.ok(BOB, DISPENSER, dispense(dt, E18, BOB.address()));
    assertEquals(List.of(
        new Log(dt, List.of(DatatokenContract.TRANSFER_TOPIC, Bytes32.ZERO, w(DISPENSER)), UInt256.valueOf(E18).toBytes()),
        new Log(DISPENSER, List.of(Dispenser.DISPENSED_TOPIC, w(dt), w(BOB.address())), UInt256.valueOf(E18).toBytes()),
        new Log(dt, List.of(DatatokenContract.TRANSFER_TOPIC, w(DISPENSER), w(BOB.address())), UInt256.valueOf(E18).toBytes())),
        r.logs(), "mint the shortfall to the dispenser, then transfer");
    assertEquals(E18, mc.dt(dt, BOB.address()));
    assertEquals(E18, mc.supply(dt));
    mc.refused(BOB, DISPENSER, dispense(dt, E18, BOB.address()), "Dispenser: Caller balance too high");
    mc.refused(CAROL, DISPENSER, dispense(dt, BigInteger.ONE, BOB.address()), "Dispenser: Caller balance too high");
  }

  @Test
  void balanceRuleIsStrictAndMeasuredBeforeTheTransfer() {
    BigInteger maxTokens = E18.multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO);
    BigInteger maxBalance = E18.multiply(BigInteger.TWO);
    mc.ok(ALICE, DISPENSER, create(dt, maxTokens, maxBalance, true, Address.ZERO));
    mc.ok(ALICE, dt, Abi.call("mint(address,uint256)", BOB.address(), maxBalance.subtract(BigInteger.ONE)));
    mc.ok(BOB, DISPENSER, dispense(dt, maxTokens, BOB.address()));
    assertEquals(maxBalance.subtract(BigInteger.ONE).add(maxTokens), mc.dt(dt, BOB.address()), "maxBalance − 1 + maxTokens");
    mc.ok(ALICE, dt, Abi.call("mint(address,uint256)", CAROL.address(), maxBalance));
    mc.refused(CAROL, DISPENSER, dispense(dt, BigInteger.ONE, CAROL.address()), "Dispenser: Caller balance too high");
  }

  @Test
  void perRequestCapAndArgumentRefusals() {
    mc.ok(ALICE, DISPENSER, create(dt, E18, E18.multiply(BigInteger.TEN), true, Address.ZERO));
    mc.refused(BOB, DISPENSER, dispense(dt, E18.add(BigInteger.ONE), BOB.address()), "Dispenser: Amount too high");
    mc.refused(BOB, DISPENSER, dispense(dt, BigInteger.ZERO, BOB.address()), "Dispenser: Invalid zero amount");
    mc.refused(BOB, DISPENSER, dispense(dt, E18, Address.ZERO), "Dispenser: zero destination");
    mc.refused(BOB, DISPENSER, new Wei(BigInteger.ONE), dispense(dt, E18, BOB.address()), "Dispenser: not payable");
    mc.refused(BOB, DISPENSER, dispense(DAVE, E18, BOB.address()), "Dispenser: no dispenser for this datatoken");
    assertEquals(BigInteger.ZERO, mc.supply(dt), "refusals mint nothing");
    mc.ok(BOB, DISPENSER, dispense(dt, E18, BOB.address()));
  }

  @Test
  void onlyTheShortfallIsMintedAndWithoutMintingTheStockMustCover() {
    mc.ok(ALICE, DISPENSER, create(dt, E18, E18.multiply(BigInteger.TEN), true, Address.ZERO));
    BigInteger stock = E18.multiply(BigInteger.valueOf(4)).divide(BigInteger.TEN);
    mc.ok(ALICE, dt, Abi.call("mint(address,uint256)", DISPENSER, stock));
    Receipt r = mc.ok(BOB, DISPENSER, dispense(dt, E18, BOB.address()));
    assertEquals(UInt256.valueOf(E18.subtract(stock)).toBytes(), r.logs().get(0).data(), "mints 0.6");
    assertEquals(E18, mc.supply(dt));
    assertEquals(BigInteger.ZERO, mc.dt(dt, DISPENSER));

    // A stock that covers the request: no mint at all.
    mc.ok(ALICE, dt, Abi.call("mint(address,uint256)", DISPENSER, E18.multiply(BigInteger.TWO)));
    Receipt fromStock = mc.ok(CAROL, DISPENSER, dispense(dt, E18, CAROL.address()));
    assertEquals(2, fromStock.logs().size(), "TokensDispensed and one transfer");
    assertEquals(E18.multiply(BigInteger.valueOf(3)), mc.supply(dt));

    // Not a minter: the stock (1e18) must cover the request.
    mc.ok(ALICE, dt, Abi.call("removeMinter(address)", DISPENSER));
    mc.ok(ALICE, DISPENSER, Abi.call("activate(address,uint256,uint256)", dt, E18.multiply(BigInteger.TWO), E18.multiply(BigInteger.TEN)));
    mc.refused(BOB, DISPENSER, dispense(dt, E18.add(BigInteger.ONE), DAVE), "Dispenser: Not enough reserves");
    mc.ok(BOB, DISPENSER, dispense(dt, E18, DAVE));
    assertEquals(E18, mc.dt(dt, DAVE));
  }

  @Test
  void mintingPastTheCapRevertsWithTheTokensReason() {
    mc.ok(ALICE, DISPENSER, create(dt, CAP, CAP, true, Address.ZERO));
    mc.ok(ALICE, dt, Abi.call("mint(address,uint256)", ALICE.address(), CAP.subtract(E18)));
    mc.refused(BOB, DISPENSER, dispense(dt, E18.add(BigInteger.ONE), BOB.address()), "DataTokenTemplate: cap exceeded");
    mc.ok(BOB, DISPENSER, dispense(dt, E18, BOB.address()));
    assertEquals(CAP, mc.supply(dt));
  }

  @Test
  void openByDefaultAndAllowedSwapperRestrictsTheRequester() {
    mc.ok(ALICE, DISPENSER, create(dt, E18, E18, true, Address.ZERO));
    mc.ok(CAROL, DISPENSER, dispense(dt, E18, DAVE)); // anyone, for anyone: the Mercato default
    Receipt r = mc.ok(ALICE, DISPENSER, Abi.call("setAllowedSwapper(address,address)", dt, BOB.address()));
    assertEquals(List.of(new Log(DISPENSER, List.of(Dispenser.ALLOWED_SWAPPER_CHANGED_TOPIC, w(dt), w(BOB.address())),
        Bytes.EMPTY)), r.logs());
    mc.refused(CAROL, DISPENSER, dispense(dt, E18, CAROL.address()), "Dispenser: This address is not allowed to request DT");
    mc.ok(BOB, DISPENSER, dispense(dt, E18, CAROL.address()));
    mc.ok(ALICE, DISPENSER, Abi.call("setAllowedSwapper(address,address)", dt, Address.ZERO));
    mc.ok(CAROL, DISPENSER, dispense(dt, E18, BOB.address()));
  }

  @Test
  void adminIsTheDatatokenOwnersAndDeactivationStopsDispensing() {
    mc.refused(BOB, DISPENSER, create(dt, E18, E18, true, Address.ZERO), "Dispenser: Invalid owner");
    mc.refused(ALICE, DISPENSER, create(DAVE, E18, E18, true, Address.ZERO), "Dispenser: not a datatoken");
    mc.ok(ALICE, DISPENSER, create(dt, E18, E18, false, Address.ZERO));
    assertFalse(DatatokenContract.isMinter(mc.state(), dt, DISPENSER), "no mint role without withMint");
    mc.refused(ALICE, DISPENSER, create(dt, E18, E18, true, Address.ZERO), "Dispenser: DataToken already created");
    for (Bytes call : List.of(Abi.call("deactivate(address)", dt), Abi.call("activate(address,uint256,uint256)", dt, E18, E18),
        Abi.call("setAllowedSwapper(address,address)", dt, BOB.address()), Abi.call("ownerWithdraw(address)", dt))) {
      mc.refused(BOB, DISPENSER, call, "Dispenser: Invalid owner");
    }
    Receipt off = mc.ok(ALICE, DISPENSER, Abi.call("deactivate(address)", dt));
    assertEquals(Dispenser.DEACTIVATED_TOPIC, off.logs().get(0).topics().get(0));
    mc.ok(ALICE, dt, Abi.call("mint(address,uint256)", DISPENSER, E18.multiply(BigInteger.valueOf(3))));
    mc.refused(BOB, DISPENSER, dispense(dt, E18, BOB.address()), "Dispenser: Dispenser not active");
    mc.ok(ALICE, DISPENSER, Abi.call("activate(address,uint256,uint256)", dt, E18.multiply(BigInteger.TWO), E18));
    mc.ok(BOB, DISPENSER, dispense(dt, E18.multiply(BigInteger.TWO), BOB.address()));
    assertEquals(Abi.encode(true, ALICE.address(), false, E18.multiply(BigInteger.TWO), E18, E18, Address.ZERO),
        mc.view(DISPENSER, Abi.call("status(address)", dt)));

    // ownerWithdraw: the whole stock to the payment collector (slot 8 unset: the datatoken owner).
    BigInteger alice = mc.dt(dt, ALICE.address());
    Receipt wd = mc.ok(ALICE, DISPENSER, Abi.call("ownerWithdraw(address)", dt));
    assertEquals(alice.add(E18), mc.dt(dt, ALICE.address()));
    assertEquals(BigInteger.ZERO, mc.dt(dt, DISPENSER));
    assertEquals(new Log(DISPENSER, List.of(Dispenser.OWNER_WITHDREW_TOPIC, w(dt), w(ALICE.address())),
        UInt256.valueOf(E18).toBytes()), wd.logs().get(wd.logs().size() - 1));
    assertEquals(Abi.encode(false, Address.ZERO, false, 0L, 0L, 0L, Address.ZERO),
        mc.view(DISPENSER, Abi.call("status(address)", DAVE)));
  }

  @Test
  void dispenseInsideAnotherContractsCallIsUndoneWithIt() {
    mc.ok(ALICE, DISPENSER, create(dt, E18, E18, true, BOB.address()));
    Bytes viaRelay = Abi.call("dispenseFor(address,uint256,address,bool)", dt, E18, DAVE, true);
    assertFalse(mc.send(BOB, RELAY, Wei.ZERO, viaRelay).success());
    assertEquals(BigInteger.ZERO, mc.supply(dt), "the enclosing revert undid the mint");
    mc.refused(CAROL, RELAY, Abi.call("dispenseFor(address,uint256,address,bool)", dt, E18, DAVE, false),
        "Dispenser: This address is not allowed to request DT");
    mc.ok(BOB, RELAY, Abi.call("dispenseFor(address,uint256,address,bool)", dt, E18, DAVE, false));
    assertEquals(E18, mc.dt(dt, DAVE), "the relay's caller is the requester");
  }

  @Test
  void randomizedDispensingConservesDatatokensAndCoins() {
    SplittableRandom rnd = new SplittableRandom(8L);
    List<Address> holders = new ArrayList<>(List.of(ALICE.address(), BOB.address(), CAROL.address(), DAVE, DISPENSER));
    List<Address> coinHolders = List.of(ALICE.address(), BOB.address(), CAROL.address(), DAVE, DISPENSER,
        DataMarketAddresses.ASSET_FACTORY);
    BigInteger coins0 = coinHolders.stream().map(mc::coins).reduce(BigInteger.ZERO, BigInteger::add).add(mc.gasFees());
    mc.ok(ALICE, DISPENSER, create(dt, E18.multiply(BigInteger.TWO), E18.multiply(BigInteger.valueOf(3)), true, Address.ZERO));
    KeyPair[] keys = {ALICE, BOB, CAROL};
    int dispensed = 0;
    for (int step = 0; step < 120; step++) {
      KeyPair who = keys[rnd.nextInt(keys.length)];
      BigInteger amount = rnd.nextInt(3) == 0 ? BigInteger.valueOf(1 + rnd.nextLong(E18.longValue()))
          : E18.multiply(BigInteger.valueOf(rnd.nextInt(3)));
      Address dest = holders.get(rnd.nextInt(holders.size() - 1));
      Address to;
      Bytes data;
      switch (rnd.nextInt(6)) {
        case 0, 1, 2 -> {
          to = DISPENSER;
          data = dispense(dt, amount, dest);
        }
        case 3 -> {
          to = dt;
          data = Abi.call("transfer(address,uint256)", rnd.nextInt(3) == 0 ? DISPENSER : dest, amount);
        }
        case 4 -> {
          to = DISPENSER;
          data = Abi.call("ownerWithdraw(address)", dt);
        }
        default -> {
          to = DISPENSER;
          data = rnd.nextBoolean() ? Abi.call("deactivate(address)", dt)
              : Abi.call("activate(address,uint256,uint256)", dt, E18.multiply(BigInteger.valueOf(1 + rnd.nextInt(3))),
                  E18.multiply(BigInteger.valueOf(1 + rnd.nextInt(4))));
        }
      }
      BigInteger supply = mc.supply(dt);
      Receipt r = mc.send(who, to, Wei.ZERO, data);
      BigInteger minted = r.logs().stream().filter(l -> l.address().equals(dt) && l.topics().get(1).isZero())
          .map(l -> UInt256.fromBytes(Bytes32.wrap(l.data())).toBigInteger()).reduce(BigInteger.ZERO, BigInteger::add);
      if (r.success() && to.equals(DISPENSER) && data.slice(0, 4).equals(Abi.selector("dispense(address,uint256,address)"))) {
        dispensed++;
      }
      assertEquals(supply.add(minted), mc.supply(dt), "supply grows only by logged mints");
      assertEquals(mc.supply(dt), holders.stream().map(h -> mc.dt(dt, h)).reduce(BigInteger.ZERO, BigInteger::add),
          "Σ balances = supply");
      assertTrue(mc.supply(dt).compareTo(CAP) <= 0);
      assertEquals(coins0, coinHolders.stream().map(mc::coins).reduce(BigInteger.ZERO, BigInteger::add).add(mc.gasFees()),
          "coins before = coins after + gas fees");
    }
    assertTrue(dispensed >= 10, "dispensed " + dispensed);
  }
}
