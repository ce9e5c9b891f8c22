package org.mercato.market.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.market.data.MarketChain.E18;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.dispenser.Dispenser;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.market.data.order.ConsumeMarketFee;
import org.mercato.market.data.order.Order;
import org.mercato.market.data.order.OrderBook;
import org.mercato.market.data.order.OrderCalls;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * The asset transfer and the market's minters (DM§3 cleanFrom721; docs/spec/data-market.md §Asset factory, Transfer): the
 * new role epoch wipes every minter, then the exchange and the dispenser that were minters get the role back, so an
 * exchange with withMint and a dispenser created withMint keep minting for buyers, paying the new owner; the old owner
 * loses minting and administration; a market contract that was not a minter does not become one.
 */
class TransferKeepsMarketMintersChainTest {
  private static final KeyPair ALICE = MarketChain.key(0); // publisher, then seller of the asset
  private static final KeyPair ERIN = MarketChain.key(1);  // new owner
  private static final KeyPair BOB = MarketChain.key(2);   // buyer
  private static final KeyPair PROVIDER = MarketChain.key(3);
  private static final Address DAVE = Address.fromHex("0x00000000000000000000000000000000000000d4");
  private static final Address FACTORY = DataMarketAddresses.ASSET_FACTORY;
  private static final Address FRE = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  private static final Address DISPENSER = DataMarketAddresses.DISPENSER;
  private static final Address BOOK = DataMarketAddresses.ORDER_BOOK;
  private static final Address COMMUNITY = DataMarketAddresses.COMMUNITY_FEE_COLLECTOR;
  private static final BigInteger RATE = E18.multiply(BigInteger.TWO);
  private static final BigInteger COST = new BigInteger("2002000000000000000"); // rate 2, no market/consume fee, OPC 0.1%
  private static final BigInteger COLLECTOR_SHARE = new BigInteger("970000000000000000");

  @TempDir Path dir;
  private MarketChain mc;
  private final Bytes32 asset = UInt256.ONE.toBytes();
  private Address freMint;     // exchange withMint
  private Address dispMint;    // dispenser created withMint
  private Address freNoMint;   // exchange without mint, stocked by transfer
  private Address dispNoMint;  // dispenser without mint, stocked by transfer

  @BeforeEach
  void open() {
    mc = new MarketChain(dir, 4, new DataAssetFactory(), new FixedRateExchange(), new Dispenser(), new OrderBook());
    mc.ok(ALICE, FACTORY, Abi.call("createAsset(string,string)", "Shop", "SHOP"));
    freMint = datatoken(0);
    dispMint = datatoken(1);
    freNoMint = datatoken(2);
    dispNoMint = datatoken(3);
    mc.ok(ALICE, FRE, createExchange(freMint, true));
    mc.ok(ALICE, FRE, createExchange(freNoMint, false));
    mc.ok(ALICE, DISPENSER, Abi.call("create(address,uint256,uint256,bool,address)", dispMint, E18, E18, true, Address.ZERO));
    mc.ok(ALICE, DISPENSER, Abi.call("create(address,uint256,uint256,bool,address)", dispNoMint, E18, E18, false, Address.ZERO));
    mc.ok(ALICE, freNoMint, Abi.call("mint(address,uint256)", FRE, E18));
    mc.ok(ALICE, dispNoMint, Abi.call("mint(address,uint256)", DISPENSER, E18));
  }

  @AfterEach
  void close() {
    mc.close();
  }

  private Address datatoken(long i) {
    mc.ok(ALICE, FACTORY, Abi.call("createDatatoken(bytes32,string,string,uint256,address)", asset, "T" + i, "T" + i,
        E18.multiply(BigInteger.valueOf(100)), ALICE.address()));
    return DataMarketAddresses.datatoken(asset, i);
  }

  private static Bytes createExchange(Address dt, boolean withMint) {
    return Abi.call("createFixedRate(address,uint256,uint256,address,bool)", dt, RATE, 0L, Address.ZERO, withMint);
  }

  private static ProviderFee fee() {
    return ProviderFee.sign(PROVIDER, Address.ZERO, UInt256.ZERO, UInt256.ZERO,
        Bytes.wrap("{}".getBytes(StandardCharsets.UTF_8)));
  }

  private static Bytes buyAndOrder(Address dt) {
    return OrderCalls.buyFromFreAndOrder(FixedRateExchange.exchangeId(Address.ZERO, dt), COST, Address.ZERO, BigInteger.ZERO,
        DAVE, 0, fee(), ConsumeMarketFee.NONE);
  }

  private boolean minter(Address dt, Address who) {
    return DatatokenContract.isMinter(mc.state(), dt, who);
  }

  private BigInteger coins() {
    return List.of(ALICE.address(), ERIN.address(), BOB.address(), PROVIDER.address(), DAVE, FRE, DISPENSER, BOOK, COMMUNITY,
        FACTORY).stream().map(mc::coins).reduce(BigInteger.ZERO, BigInteger::add);
  }

  @Test
  void anExchangeWithMintAndAMintingDispenserKeepMintingAfterTheTransferForTheNewOwner() {
    assertTrue(minter(freMint, FRE) && minter(dispMint, DISPENSER) && minter(freMint, ALICE.address()));
    assertFalse(minter(freNoMint, FRE) || minter(dispNoMint, DISPENSER));
    BigInteger start = coins();
    BigInteger fees = mc.gasFees();

    mc.ok(ALICE, FACTORY, Abi.call("transferAsset(bytes32,address)", asset, ERIN.address()));

    // The role epoch wiped every minter; the market contracts that were minters have the role back, the others not.
    assertTrue(minter(freMint, FRE), "the withMint exchange is a minter again");
    assertTrue(minter(dispMint, DISPENSER), "the minting dispenser is a minter again");
    assertFalse(minter(freNoMint, FRE), "an exchange without mint does not become a minter");
    assertFalse(minter(dispNoMint, DISPENSER), "a dispenser created without mint does not become a minter");
    for (Address dt : List.of(freMint, dispMint, freNoMint, dispNoMint)) {
      assertFalse(minter(dt, ALICE.address()), "the old owner's minter role is gone");
      assertFalse(minter(dt, ERIN.address()), "the new owner gets no minter role (as Ocean)");
    }
    mc.refused(ALICE, freMint, Abi.call("mint(address,uint256)", ALICE.address(), E18), "ERC20Template: NOT MINTER");

    // A buyer's one-call order on the withMint exchange mints, and pays the new owner (payment collector reset to 0).
    BigInteger erin = mc.coins(ERIN.address());
    BigInteger alice = mc.coins(ALICE.address());
    mc.ok(BOB, BOOK, new Wei(COST), buyAndOrder(freMint));
    assertEquals(E18, mc.supply(freMint));
    assertEquals(erin.add(RATE), mc.coins(ERIN.address()), "B0 to the new owner");
    assertEquals(alice, mc.coins(ALICE.address()));
    assertEquals(COLLECTOR_SHARE, mc.dt(freMint, ERIN.address()), "the order's 0.97 to the new owner");
    Order o = OrderBook.find(mc.state(), mc.lastTxHash()).orElseThrow();
    assertEquals(BOB.address(), o.payer());

    // The minting dispenser mints the shortfall after the transfer too.
    mc.ok(BOB, BOOK, OrderCalls.dispenseAndOrder(dispMint, DAVE, 0, fee(), ConsumeMarketFee.NONE));
    assertEquals(E18, mc.supply(dispMint));
    assertEquals(COLLECTOR_SHARE, mc.dt(dispMint, ERIN.address()));
    // The stocked ones still deliver from stock (nothing minted), and refuse once it is empty.
    mc.ok(BOB, BOOK, OrderCalls.dispenseAndOrder(dispNoMint, DAVE, 0, fee(), ConsumeMarketFee.NONE));
    mc.refused(BOB, BOOK, OrderCalls.dispenseAndOrder(dispNoMint, DAVE, 0, fee(), ConsumeMarketFee.NONE),
        "Dispenser: Not enough reserves");
    mc.ok(BOB, BOOK, new Wei(COST), buyAndOrder(freNoMint));
    mc.refused(BOB, BOOK, new Wei(COST), buyAndOrder(freNoMint), "FixedRateExchange: No available datatokens");
    assertEquals(E18, mc.supply(freNoMint));
    assertEquals(E18, mc.supply(dispNoMint));

    // Administration moved with the asset: the old owner is refused, the new owner turns minting on.
    Bytes32 noMintId = FixedRateExchange.exchangeId(Address.ZERO, freNoMint);
    mc.refused(ALICE, FRE, Abi.call("toggleMintState(bytes32,bool)", noMintId, true), "FixedRateExchange: invalid exchange owner");
    mc.refused(ALICE, DISPENSER, Abi.call("deactivate(address)", dispMint), "Dispenser: Invalid owner");
    mc.ok(ERIN, FRE, Abi.call("toggleMintState(bytes32,bool)", noMintId, true));
    mc.ok(BOB, BOOK, new Wei(COST), buyAndOrder(freNoMint));
    assertEquals(E18.multiply(BigInteger.TWO), mc.supply(freNoMint));

    assertEquals(5, OrderBook.orderCount(mc.state()), "five one-call orders");
    assertEquals(start, coins().add(mc.gasFees().subtract(fees)), "coins before = after + gas fees");
  }
}
