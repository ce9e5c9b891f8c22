package org.mercato.market.data.fre;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * Money is conserved over a randomized sequence (fixed seed) of creates, buys, sells, deposits, collects, mints and
 * transfers by several accounts, successful or reverted: after every transaction Σ coins + gas fees is the starting
 * total to the wei, every datatoken's Σ balances equals its supply, which only grows by the mints its logs show, and
 * the exchange holds exactly its recorded reserves (data-market.md §Fixed-rate exchange, "Holdings").
 */
class FixedRateExchangeConservationTest {
  private static final Address FRE = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  private static final Address MARKET = Address.fromHex("0x00000000000000000000000000000000000000c1");
  private static final Address CONSUME = Address.fromHex("0x00000000000000000000000000000000000000c2");
  private static final BigInteger E18 = MarketChain.E18;
  private static final BigInteger CAP = E18.multiply(BigInteger.valueOf(500));
  private static final int TRADERS = 5;

  @TempDir Path dir;
  private MarketChain mc;
  private final List<Address> tracked = new ArrayList<>();
  private final List<Address> tokens = new ArrayList<>();
  private final List<Bytes32> exchanges = new ArrayList<>();

  @BeforeEach
  void open() {
    mc = new MarketChain(dir, TRADERS, new DataAssetFactory(), new FixedRateExchange());
    for (int i = 0; i < TRADERS; i++) {
      tracked.add(MarketChain.key(i).address());
    }
    tracked.addAll(List.of(MARKET, CONSUME, DataMarketAddresses.COMMUNITY_FEE_COLLECTOR, FRE, DataMarketAddresses.ASSET_FACTORY));
  }

  @AfterEach
  void close() {
    mc.close();
  }

  private BigInteger totalCoins() {
    return tracked.stream().map(mc::coins).reduce(BigInteger.ZERO, BigInteger::add);
  }

  private static KeyPair key(int i) {
    return MarketChain.key(i);
  }

  @Test
  void randomizedTradingConservesCoinsAndDatatokens() {
    SplittableRandom rnd = new SplittableRandom(20261128L);
    BigInteger coins0 = totalCoins();
    // A (owner 0, minted by the exchange), B (owner 0, sold from stock), C (owner 1, priced in A, minted), and A's
    // own native exchange: so A is both a datatoken on sale and another exchange's base.
    Address a = mc.datatoken(key(0), "A", CAP);
    Address b = mc.datatoken(key(0), "B", CAP);
    Address c = mc.datatoken(key(1), "C", CAP);
    tokens.addAll(List.of(a, b, c));
    Bytes create7 = Abi.call("createFixedRate(address,address,uint256,uint256,address,bool,address)", a, Address.ZERO,
        E18.multiply(BigInteger.TWO), BigInteger.TEN.pow(16), MARKET, true, Address.ZERO);
    mc.ok(key(0), FRE, create7);
    mc.ok(key(0), FRE, Abi.call("createFixedRate(address,uint256,uint256,address,bool)", b,
        new BigInteger("1500000000000000000"), BigInteger.ZERO, Address.ZERO, false));
    mc.ok(key(1), FRE, Abi.call("createFixedRate(address,address,uint256,uint256,address,bool,address)", c, a,
        new BigInteger("333333333333333333"), BigInteger.valueOf(3).multiply(BigInteger.TEN.pow(15)), MARKET, true,
        Address.ZERO));
    exchanges.addAll(List.of(FixedRateExchange.exchangeId(Address.ZERO, a), FixedRateExchange.exchangeId(Address.ZERO, b),
        FixedRateExchange.exchangeId(a, c)));
    mc.ok(key(0), b, Abi.call("mint(address,uint256)", key(0).address(), E18.multiply(BigInteger.valueOf(40))));
    mc.ok(key(0), b, Abi.call("transfer(address,uint256)", FRE, E18.multiply(BigInteger.valueOf(20)))); // stock for B
    mc.ok(key(0), a, Abi.call("mint(address,uint256)", key(1).address(), E18.multiply(BigInteger.valueOf(30))));
    check(coins0);

    int[] ok = new int[8];
    for (int step = 0; step < 240; step++) {
      int op = rnd.nextInt(8);
      if (op == 7 && tokens.size() >= 6) {
        op = 0;
      }
      KeyPair who = key(rnd.nextInt(TRADERS));
      int e = rnd.nextInt(exchanges.size());
      Bytes32 id = exchanges.get(e);
      ExchangeState ex = ExchangeStore.find(mc.state(), id).orElseThrow();
      BigInteger d = amount(rnd);
      Address market = rnd.nextBoolean() ? CONSUME : Address.ZERO;
      BigInteger consumeFee = rnd.nextBoolean() ? BigInteger.ZERO : BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(15));
      Wei value = Wei.ZERO;
      Address to = FRE;
      Bytes data;
      switch (op) {
        case 0, 1 -> { // buy
          BigInteger maxBase = rnd.nextInt(5) == 0 ? BigInteger.ONE : E18.multiply(BigInteger.valueOf(20));
          value = ex.nativeBase() ? new Wei(E18.multiply(BigInteger.valueOf(rnd.nextInt(12)))) : Wei.ZERO;
          data = Abi.call("buyDT(bytes32,uint256,uint256,address,uint256)", id, d, maxBase, market, consumeFee);
        }
        case 2 -> data = Abi.call("sellDT(bytes32,uint256,uint256,address,uint256)", id, d,
            rnd.nextInt(5) == 0 ? E18.multiply(BigInteger.valueOf(100)) : BigInteger.ZERO, market, consumeFee);
        case 3 -> { // deposit into the reserve, by the datatoken's owner (or anyone)
          BigInteger amount = E18.multiply(BigInteger.valueOf(1 + rnd.nextInt(5)));
          value = ex.nativeBase() ? new Wei(amount) : Wei.ZERO;
          data = Abi.call("depositBT(bytes32,uint256)", id, amount);
        }
        case 4 -> data = Abi.call(rnd.nextBoolean() ? "collectBT(bytes32,uint256)" : "collectDT(bytes32,uint256)", id, d);
        case 5 -> { // datatoken transfer between accounts, or to the exchange (stock)
          to = tokens.get(rnd.nextInt(tokens.size()));
          Address dest = rnd.nextInt(6) == 0 ? FRE : key(rnd.nextInt(TRADERS)).address();
          data = Abi.call("transfer(address,uint256)", dest, d);
        }
        case 7 -> { // a new publisher: datatoken, then an exchange in the native coin or in A, below
          KeyPair publisher = who;
          Address fresh = mc.datatoken(publisher, "N" + tokens.size(), CAP);
          tokens.add(fresh);
          Address base = rnd.nextBoolean() ? Address.ZERO : a;
          exchanges.add(FixedRateExchange.exchangeId(base, fresh));
          data = Abi.call("createFixedRate(address,address,uint256,uint256,address,bool,address)", fresh, base,
              E18.add(BigInteger.valueOf(rnd.nextInt(1_000_000))), BigInteger.TEN.pow(15), MARKET, rnd.nextBoolean(),
              Address.ZERO);
        }
        default -> { // owner mints to someone
          to = tokens.get(rnd.nextInt(tokens.size()));
          who = owner(to);
          data = Abi.call("mint(address,uint256)", key(rnd.nextInt(TRADERS)).address(), d);
        }
      }
      List<BigInteger> supplies = tokens.stream().map(mc::supply).toList();
      check(coins0);
      Receipt r = mc.send(who, to, value, data);
      if (r.success()) {
        ok[op]++;
      } else if (op == 7) {
        exchanges.remove(exchanges.size() - 1);
      }
      for (int t = 0; t < tokens.size(); t++) {
        assertEquals(supplies.get(t).add(minted(r, tokens.get(t))), mc.supply(tokens.get(t)),
            "step " + step + ": supply grows only by logged mints");
      }
      check(coins0);
    }
    assertTrue(ok[0] + ok[1] >= 20 && ok[2] >= 5 && ok[3] >= 5 && ok[4] >= 3 && ok[7] >= 2,
        () -> "the sequence must exercise every path: " + java.util.Arrays.toString(ok));
  }

  private KeyPair owner(Address token) {
    Address o = DatatokenContract.owner(mc.state(), token);
    for (int i = 0; i < TRADERS; i++) {
      if (key(i).address().equals(o)) {
        return key(i);
      }
    }
    throw new IllegalStateException("owner of " + token);
  }

  /** Mostly whole datatokens, sometimes an odd wei amount (truncation dust). */
  private static BigInteger amount(SplittableRandom rnd) {
    return rnd.nextInt(4) == 0 ? BigInteger.valueOf(1 + rnd.nextLong(1_000_000_000_000_000L))
        : E18.multiply(BigInteger.valueOf(1 + rnd.nextInt(4)));
  }

  private static BigInteger minted(Receipt r, Address token) {
    return r.logs().stream()
        .filter(l -> l.address().equals(token) && l.topics().get(0).equals(DatatokenContract.TRANSFER_TOPIC)
            && l.topics().get(1).isZero())
        .map(l -> UInt256.fromBytes(Bytes32.wrap(l.data())).toBigInteger())
        .reduce(BigInteger.ZERO, BigInteger::add);
  }

  private void check(BigInteger coins0) {
    assertEquals(coins0, totalCoins().add(mc.gasFees()), "coins before = coins after + gas fees");
    for (Address t : tokens) {
      BigInteger held = tracked.stream().map(h -> mc.dt(t, h)).reduce(BigInteger.ZERO, BigInteger::add);
      assertEquals(mc.supply(t), held, "Σ balances = supply of " + t);
    }
    // Holdings: the exchange's coins are exactly the native reserves; its base-token holdings cover their reserves.
    BigInteger nativeReserve = BigInteger.ZERO;
    BigInteger aReserve = BigInteger.ZERO;
    for (Bytes32 id : exchanges) {
      ExchangeState ex = ExchangeStore.find(mc.state(), id).orElse(null);
      if (ex == null) {
        continue; // its creation is the transaction being sent
      }
      if (ex.nativeBase()) {
        nativeReserve = nativeReserve.add(ex.btBalance());
      } else {
        aReserve = aReserve.add(ex.btBalance());
      }
    }
    assertEquals(nativeReserve, mc.coins(FRE));
    assertEquals(nativeReserve, ExchangeStore.reserved(mc.state(), Address.ZERO));
    assertEquals(aReserve, ExchangeStore.reserved(mc.state(), tokens.get(0)));
    assertTrue(ExchangeStore.stock(mc.state(), tokens.get(0)).signum() >= 0);
  }
}
