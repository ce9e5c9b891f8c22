package org.mercato.market.data.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.market.data.MarketChain.E18;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MarketChain;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.dispenser.Dispenser;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * Pins the exact chain a fixed sequence of order-path transactions produces (docs/spec/data-market.md §Orders, §Storage
 * layout, §Gas schedule): the head block's hash covers every block's state root, receipts root (status, gas, every log),
 * logs bloom and gas used. The pinned value was recorded on the code before the order-path optimisations (branch
 * orderperf); any change of a storage slot, a written value, a log or a gas charge changes it. The sequence mixes
 * buy-and-order on a native and on a token-priced exchange, paid provider and consume-market fees, plain buys and
 * orders, dispense-and-order, transfers, and failures (slippage, not enough value or datatokens).
 */
class OrderPathGoldenChainTest {
  private static final KeyPair ALICE = MarketChain.key(0);
  private static final KeyPair BOB = MarketChain.key(1);
  private static final KeyPair PROVIDER = MarketChain.key(2);
  private static final KeyPair CAROL = MarketChain.key(3);
  private static final Address DAVE = Address.fromHex("0x00000000000000000000000000000000000000d4");
  private static final Address MARKET = Address.fromHex("0x00000000000000000000000000000000000000c1");
  private static final Address CONSUME = Address.fromHex("0x00000000000000000000000000000000000000c2");
  private static final Address BOOK = DataMarketAddresses.ORDER_BOOK;
  private static final Address FRE = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  private static final BigInteger RATE = E18.multiply(BigInteger.TWO);
  private static final BigInteger MARKET_FEE = BigInteger.TEN.pow(16);
  private static final BigInteger SWAP_FEE = BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(15));
  private static final BigInteger COST = new BigInteger("2032000000000000000");
  private static final BigInteger TOKEN_COST = new BigInteger("2034000000000000000");
  private static final Bytes DATA = Bytes.wrap("{\"id\":\"svc0\"}".getBytes(StandardCharsets.UTF_8));
  private static final String PINNED_HEAD = "0xc1a1812a2eb7a0203fc0d57f1c2b66fc788a23cdf9b45ca5cf645fd38dc32215 orders=31";

  @TempDir Path dir;

  @Test
  void aFixedOrderSequenceProducesThePinnedChain() {
    try (MarketChain mc = new MarketChain(dir, 4, new DataAssetFactory(), new FixedRateExchange(), new Dispenser(),
        new OrderBook())) {
      Random rnd = new Random(5);
      Address dtA = mc.datatoken(ALICE, "GA", E18.multiply(BigInteger.valueOf(1_000)));
      Address base = mc.datatoken(CAROL, "GB", E18.multiply(BigInteger.valueOf(1_000)));
      Address dtC = mc.datatoken(ALICE, "GC", E18.multiply(BigInteger.valueOf(1_000)));
      Address dtD = mc.datatoken(ALICE, "GD", E18.multiply(BigInteger.valueOf(1_000)));
      mc.ok(ALICE, FRE, Abi.call("createFixedRate(address,uint256,uint256,address,bool)", dtA, RATE, MARKET_FEE, MARKET, true));
      Bytes32 idA = FixedRateExchange.exchangeId(Address.ZERO, dtA);
      mc.ok(ALICE, FRE, Abi.call("createFixedRate(address,address,uint256,uint256,address,bool,address)", dtC, base, RATE,
          MARKET_FEE, MARKET, true, Address.ZERO));
      Bytes32 idC = FixedRateExchange.exchangeId(base, dtC);
      mc.ok(ALICE, DataMarketAddresses.DISPENSER, Abi.call("create(address,uint256,uint256,bool,address)", dtD, E18,
          E18.multiply(BigInteger.TWO), true, Address.ZERO));
      List<KeyPair> buyers = List.of(BOB, CAROL, PROVIDER);
      for (KeyPair b : buyers) {
        mc.ok(CAROL, base, Abi.call("mint(address,uint256)", b.address(), E18.multiply(BigInteger.valueOf(20))));
      }
      // Stock for the exchange of A: a buy takes it from stock (a transfer), not a mint, until it runs out.
      mc.ok(ALICE, dtA, Abi.call("mint(address,uint256)", FRE, E18.multiply(BigInteger.valueOf(3))));
      ProviderFee free = ProviderFee.sign(PROVIDER, Address.ZERO, UInt256.ZERO, UInt256.ZERO, DATA);
      ProviderFee paid = ProviderFee.sign(PROVIDER, base, UInt256.valueOf(7), UInt256.ZERO, DATA);
      ConsumeMarketFee consume = new ConsumeMarketFee(CONSUME, base, UInt256.valueOf(11));
      int ok = 0;
      for (int step = 0; step < 60; step++) {
        KeyPair who = buyers.get(rnd.nextInt(buyers.size()));
        ProviderFee fee = rnd.nextBoolean() ? free : paid;
        ConsumeMarketFee cf = rnd.nextInt(3) == 0 ? consume : ConsumeMarketFee.NONE;
        Receipt r = switch (rnd.nextInt(7)) {
          case 0, 1 -> {
            BigInteger value = COST.add(BigInteger.valueOf(rnd.nextInt(2_000_001) - 1_000_000).multiply(BigInteger.TEN.pow(9)));
            BigInteger max = rnd.nextInt(5) == 0 ? COST.subtract(BigInteger.ONE) : COST;
            yield mc.send(who, BOOK, new Wei(value), OrderCalls.buyFromFreAndOrder(idA, max, CONSUME, SWAP_FEE, DAVE, 0, fee, cf));
          }
          case 2 -> mc.send(who, BOOK, Wei.ZERO,
              OrderCalls.buyFromFreAndOrder(idC, TOKEN_COST, CONSUME, SWAP_FEE, who.address(), 1, fee, cf));
          case 3 -> mc.send(who, FRE, new Wei(COST.multiply(BigInteger.valueOf(3))),
              Abi.call("buyDT(bytes32,uint256,uint256,address,uint256)", idA, E18, COST.multiply(BigInteger.valueOf(3)), CONSUME,
                  SWAP_FEE));
          case 4 -> mc.send(who, dtA, Wei.ZERO, OrderCalls.startOrder(DAVE, 2, fee, cf));
          case 5 -> mc.send(who, BOOK, Wei.ZERO, OrderCalls.dispenseAndOrder(dtD, who.address(), 0, fee, cf));
          default -> mc.send(who, dtA, Wei.ZERO, Abi.call("transfer(address,uint256)",
              buyers.get(rnd.nextInt(buyers.size())).address(), E18.divide(BigInteger.valueOf(1 + rnd.nextInt(3)))));
        };
        ok += r.success() ? 1 : 0;
      }
      assertTrue(ok > 20 && ok < 60, "successes and failures both occur: " + ok);
      assertEquals(PINNED_HEAD, mc.headHash().toHex() + " orders=" + OrderBook.orderCount(mc.state()));
    }
  }
}
