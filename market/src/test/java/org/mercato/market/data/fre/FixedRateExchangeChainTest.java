package org.mercato.market.data.fre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.factory.DatatokenResolver;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.CallRequest;
import org.mercato.state.exec.CallSimulator;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldView;

/** The fixed-rate exchange over a real chain, native coin as base token: Ocean's 2.032e18 vector end to end. */
class FixedRateExchangeChainTest {
  private static final KeyPair ALICE = TestChain.KEYS.get(0); // asset owner, exchange owner
  private static final KeyPair BOB = TestChain.KEYS.get(1);   // buyer
  private static final Address MARKET = Address.fromHex("0x00000000000000000000000000000000000000c1"); // publish market
  private static final Address CONSUME = Address.fromHex("0x00000000000000000000000000000000000000c2"); // consume market
  private static final Address FACTORY = DataMarketAddresses.ASSET_FACTORY;
  private static final Address FRE = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  private static final Address COMMUNITY = DataMarketAddresses.COMMUNITY_FEE_COLLECTOR;
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Wei BASE = Wei.of(1_000_000_000L);
  private static final Wei TIP = Wei.of(2_000_000_000L);
  private static final Wei MAX_FEE = Wei.of(10_000_000_000L);
  private static final long GAS = 300_000;
  private static final BigInteger E18 = BigInteger.TEN.pow(18);
  private static final UInt256 CAP = UInt256.valueOf(E18.multiply(BigInteger.valueOf(1_000)));
  private static final BigInteger RATE = E18.multiply(BigInteger.TWO);
  private static final BigInteger MARKET_FEE = BigInteger.TEN.pow(16);
  private static final BigInteger CONSUME_FEE = BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(15));
  private static final BigInteger COST = new BigInteger("2032000000000000000");
  private static final List<Address> ACCOUNTS = List.of(ALICE.address(), BOB.address(), MARKET, CONSUME, COMMUNITY, FRE, FACTORY);

  @TempDir Path dir;
  private TestChain tc;
  private final Map<Address, Long> nonces = new HashMap<>();
  private long time = 1_000;
  private BigInteger gasFees = BigInteger.ZERO;

  @BeforeEach
  void open() {
    tc = TestChain.open(dir, TestChain.params(30_000_000, BASE, BASE, TestChain.fund(3, 100)), new DatatokenResolver(),
        new DataAssetFactory(), new FixedRateExchange(), new BuyOnBehalf());
  }

  private static final Address RELAY = Address.fromHex("0x000000000000000000000000000000000000b0b0");
  private static final Address CAROL = Address.fromHex("0x00000000000000000000000000000000000000c3");

  /**
   * A contract standing for the one-call order path: {@code buyFor(bytes32 id, uint256 d, uint256 maxBase, address
   * recipient)} buys through {@link FixedRateExchange#buy} inside its own call with its {@code msg.value}, refunds the
   * rest to its caller and then, if {@code d} is 7 units, reverts itself (so the test sees the buy undone).
   */
  private static final class BuyOnBehalf implements org.mercato.state.exec.SystemContract {
    @Override
    public Address address() {
      return RELAY;
    }

    @Override
    public org.mercato.state.exec.CallResult call(org.mercato.state.exec.SystemCall call, org.mercato.state.world.WorldUpdater w) {
      return org.mercato.market.data.MeteredCall.run(2_100, null, m -> {
        Abi.Args a = Abi.args(call.input(), 4);
        BigInteger paid = call.value().value();
        BigInteger cost = FixedRateExchange.buy(m, w, call.block(), call.caller(), a.address(3), a.word(0),
            a.uint(1).toBigInteger(), a.uint(2).toBigInteger(), CONSUME, CONSUME_FEE, RELAY, paid);
        org.mercato.state.world.Account self = w.accountOrEmpty(RELAY);
        Wei refund = new Wei(paid.subtract(cost));
        w.putAccount(RELAY, self.withBalance(self.balance().subtract(refund)));
        org.mercato.state.world.Account c = w.accountOrEmpty(call.caller());
        w.putAccount(call.caller(), c.withBalance(c.balance().add(refund)));
        if (a.uint(1).toBigInteger().equals(BigInteger.valueOf(7))) {
          throw new org.mercato.market.data.MeteredCall.Revert("relay: changed my mind");
        }
        return Abi.encode(cost);
      });
    }
  }

  @AfterEach
  void close() {
    tc.close();
  }

  private Receipt send(KeyPair from, Address to, Wei value, Bytes data) {
    long n = nonces.getOrDefault(from.address(), 0L);
    nonces.put(from.address(), n + 1);
    Transaction tx = TestChain.call(from, n, TIP, MAX_FEE, GAS, to, value, data);
    ExecutedBlock b = tc.produce(++time, PROPOSER, List.of(tx));
    assertEquals(1, b.receipts().size());
    Receipt r = b.receipts().get(0);
    Wei price = b.block().header().baseFee().add(TIP).min(MAX_FEE);
    gasFees = gasFees.add(price.value().multiply(BigInteger.valueOf(r.cumulativeGasUsed())));
    return r;
  }

  private Receipt ok(KeyPair from, Address to, Wei value, Bytes data) {
    Receipt r = send(from, to, value, data);
    assertTrue(r.success(), () -> "failed: " + r);
    return r;
  }

  private CallSimulator.Simulation ethCall(Address from, Address to, Wei value, Bytes data) {
    BlockContext ctx = new BlockContext(TestChain.CHAIN_ID, tc.chain().head().number() + 1, time + 1, PROPOSER, BASE, 30_000_000);
    CallRequest req = new CallRequest(Optional.of(from), Optional.of(to), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), value, data, List.of());
    return new CallSimulator(tc.systemContracts()).simulate(tc.chain().latestState(), ctx, req, true);
  }

  private WorldView state() {
    return tc.chain().latestState();
  }

  private BigInteger coins(Address a) {
    return state().accountOrEmpty(a).balance().value();
  }

  private BigInteger totalCoins() {
    return ACCOUNTS.stream().map(this::coins).reduce(BigInteger.ZERO, BigInteger::add);
  }

  private BigInteger dt(Address token, Address holder) {
    return DatatokenContract.balanceOf(state(), token, holder).toBigInteger();
  }

  /** An asset and a datatoken owned by ALICE (ALICE minter); returns the datatoken. */
  private Address datatoken(String symbol) {
    Bytes32 id = DataAssetFactory.assetCount(state()).add(UInt256.ONE).toBytes();
    ok(ALICE, FACTORY, Wei.ZERO, Abi.call("createAsset(string,string)", "Asset " + symbol, symbol));
    Receipt r = ok(ALICE, FACTORY, Wei.ZERO, Abi.call("createDatatoken(bytes32,string,string,uint256,address)", id,
        "DT " + symbol, symbol, CAP, ALICE.address()));
    return new Address(r.logs().get(0).topics().get(1).slice(12, 20));
  }

  private Bytes32 createExchange(Address token, boolean withMint) {
    Receipt r = ok(ALICE, FRE, Wei.ZERO, Abi.call("createFixedRate(address,uint256,uint256,address,bool)", token, RATE,
        MARKET_FEE, MARKET, withMint));
    Bytes32 id = FixedRateExchange.exchangeId(Address.ZERO, token);
    Bytes32 alice = Bytes32.leftPad(ALICE.address().bytes());
    assertEquals(List.of(
        new Log(FRE, List.of(FixedRateExchange.EXCHANGE_CREATED_TOPIC, id, Bytes32.ZERO, Bytes32.leftPad(token.bytes())),
            Abi.encode(ALICE.address(), RATE)),
        new Log(FRE, List.of(FixedRateExchange.ACTIVATED_TOPIC, id, alice), Bytes.EMPTY),
        new Log(FRE, List.of(FixedRateExchange.ALLOWED_SWAPPER_CHANGED_TOPIC, id, Bytes32.ZERO), Bytes.EMPTY),
        new Log(FRE, List.of(FixedRateExchange.MARKET_FEE_CHANGED_TOPIC, id), Abi.encode(ALICE.address(), MARKET, MARKET_FEE))),
        r.logs(), "Ocean's creation events");
    return id;
  }

  private Bytes buy(Bytes32 id, BigInteger d, BigInteger maxBase) {
    return Abi.call("buyDT(bytes32,uint256,uint256,address,uint256)", id, d, maxBase, CONSUME, CONSUME_FEE);
  }

  @Test
  void exchangeIdIsOceansDerivation() {
    Bytes32 id = FixedRateExchange.exchangeId(Address.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
        Address.fromHex("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"));
    assertEquals(Bytes32.fromHexString("0x9a7f2391d65db6a93760246c4ae45f31cc1539e2a53fc27edc370e02825aa49f"), id);
  }

  @Test
  void buyFromTheExchangesStockPaysEveryFeeAndConservesCoinsAndDatatokens() {
    Address token = datatoken("WTH");
    ok(ALICE, token, Wei.ZERO, Abi.call("mint(address,uint256)", ALICE.address(), E18.multiply(BigInteger.TEN)));
    Bytes32 id = createExchange(token, false);
    ok(ALICE, token, Wei.ZERO, Abi.call("transfer(address,uint256)", FRE, E18.multiply(BigInteger.valueOf(5))));

    CallSimulator.Simulation quote = ethCall(BOB.address(), FRE, Wei.ZERO,
        Abi.call("calcBaseInGivenOutDT(bytes32,uint256,uint256)", id, E18, CONSUME_FEE));
    assertTrue(quote.success(), () -> "quote: " + quote.revertReason());
    assertEquals(Abi.encode(COST, new BigInteger("2000000000000000"), new BigInteger("20000000000000000"),
        new BigInteger("10000000000000000")), quote.output());

    BigInteger coinsBefore = totalCoins();
    BigInteger feesBefore = gasFees;
    BigInteger supply = DatatokenContract.totalSupply(state(), token).toBigInteger();
    BigInteger alice = coins(ALICE.address());
    BigInteger bob = coins(BOB.address());
    Wei sent = new Wei(E18.multiply(BigInteger.valueOf(3))); // 3 coins, ~0.968 refunded
    Receipt r = ok(BOB, FRE, sent, buy(id, E18, E18.multiply(BigInteger.valueOf(3))));
    BigInteger bobGas = gasFees.subtract(feesBefore);

    assertEquals(bob.subtract(COST).subtract(bobGas), coins(BOB.address()), "buyer pays the cost and gas, excess refunded");
    assertEquals(alice.add(RATE), coins(ALICE.address()), "owner gets B0 = 2e18");
    assertEquals(new BigInteger("20000000000000000"), coins(MARKET));
    assertEquals(new BigInteger("10000000000000000"), coins(CONSUME));
    assertEquals(new BigInteger("2000000000000000"), coins(COMMUNITY));
    assertEquals(BigInteger.ZERO, coins(FRE), "the exchange keeps no coins");
    assertEquals(coinsBefore, totalCoins().add(bobGas), "coins before = coins after + gas fees");

    assertEquals(E18, dt(token, BOB.address()));
    assertEquals(E18.multiply(BigInteger.valueOf(4)), dt(token, FRE));
    assertEquals(supply, DatatokenContract.totalSupply(state(), token).toBigInteger(), "no mint: supply unchanged");
    assertEquals(supply, dt(token, ALICE.address()).add(dt(token, BOB.address())).add(dt(token, FRE)), "datatokens conserved");

    Log swapped = r.logs().get(r.logs().size() - 1);
    assertEquals(new Log(FRE, List.of(FixedRateExchange.SWAPPED_TOPIC, id, Bytes32.leftPad(BOB.address().bytes())),
        Abi.encode(COST, E18, token, new BigInteger("20000000000000000"), new BigInteger("2000000000000000"),
            new BigInteger("10000000000000000"))), swapped);
  }

  @Test
  void buyWithMintMintsToTheBuyerAndSlippageReverts() {
    Address token = datatoken("MNT");
    Bytes32 id = createExchange(token, true);
    assertTrue(DatatokenContract.isMinter(state(), token, FRE), "withMint makes the exchange a minter");

    // Slippage: max one wei below the cost.
    Bytes tight = buy(id, E18, COST.subtract(BigInteger.ONE));
    CallSimulator.Simulation sim = ethCall(BOB.address(), FRE, new Wei(COST), tight);
    assertFalse(sim.success());
    assertEquals("FixedRateExchange: Too many base tokens", sim.revertReason().orElse(null));
    BigInteger bob = coins(BOB.address());
    BigInteger feesBefore = gasFees;
    Receipt failed = send(BOB, FRE, new Wei(COST), tight);
    assertFalse(failed.success());
    assertEquals(bob.subtract(gasFees.subtract(feesBefore)), coins(BOB.address()), "a revert costs only gas");
    assertEquals(BigInteger.ZERO, dt(token, BOB.address()));

    BigInteger coinsBefore = totalCoins();
    feesBefore = gasFees;
    ok(BOB, FRE, new Wei(COST), buy(id, E18, COST));
    assertEquals(coinsBefore, totalCoins().add(gasFees.subtract(feesBefore)), "coins before = coins after + gas fees");
    assertEquals(E18, dt(token, BOB.address()));
    assertEquals(E18, DatatokenContract.totalSupply(state(), token).toBigInteger(), "minted exactly d");
  }

  @Test
  void buyInsideAnotherContractsCallDeliversToTheRecipientAndRevertsWithIt() {
    Address token = datatoken("REL");
    Bytes32 id = createExchange(token, true);
    List<Address> all = List.of(ALICE.address(), BOB.address(), MARKET, CONSUME, COMMUNITY, FRE, FACTORY, RELAY, CAROL);
    java.util.function.Supplier<BigInteger> total = () -> all.stream().map(this::coins).reduce(BigInteger.ZERO, BigInteger::add);

    BigInteger before = total.get();
    BigInteger feesBefore = gasFees;
    BigInteger bob = coins(BOB.address());
    BigInteger alice = coins(ALICE.address());
    Receipt r = ok(BOB, RELAY, new Wei(E18.multiply(BigInteger.valueOf(3))),
        Abi.call("buyFor(bytes32,uint256,uint256,address)", id, E18, COST, CAROL));
    BigInteger bobGas = gasFees.subtract(feesBefore);
    assertEquals(E18, dt(token, CAROL), "the recipient gets the datatokens");
    assertEquals(BigInteger.ZERO, dt(token, BOB.address()));
    assertEquals(bob.subtract(COST).subtract(bobGas), coins(BOB.address()), "the payer pays exactly the cost");
    assertEquals(alice.add(RATE), coins(ALICE.address()));
    assertEquals(BigInteger.ZERO, coins(RELAY), "the relay refunded the rest");
    assertEquals(BigInteger.ZERO, coins(FRE));
    assertEquals(before, total.get().add(bobGas), "coins before = after + gas fees");
    Log swapped = r.logs().get(r.logs().size() - 1);
    assertEquals(List.of(FixedRateExchange.SWAPPED_TOPIC, id, Bytes32.leftPad(BOB.address().bytes())), swapped.topics(),
        "the payer is the buyer of record");

    // The enclosing call reverts after the buy: the buy is undone with it.
    before = total.get();
    feesBefore = gasFees;
    BigInteger supply = DatatokenContract.totalSupply(state(), token).toBigInteger();
    Receipt failed = send(BOB, RELAY, new Wei(E18), Abi.call("buyFor(bytes32,uint256,uint256,address)", id,
        BigInteger.valueOf(7), E18, CAROL));
    assertFalse(failed.success());
    assertEquals(E18, dt(token, CAROL));
    assertEquals(supply, DatatokenContract.totalSupply(state(), token).toBigInteger());
    assertEquals(before, total.get().add(gasFees.subtract(feesBefore)), "a revert costs only gas");
  }

  @Test
  void onlyTheDatatokenOwnerCreatesAndNotEnoughValueReverts() {
    Address token = datatoken("OWN");
    Receipt r = send(BOB, FRE, Wei.ZERO, Abi.call("createFixedRate(address,uint256,uint256,address,bool)", token, RATE,
        MARKET_FEE, MARKET, false));
    assertFalse(r.success());
    assertTrue(FixedRateExchange.rate(state(), FixedRateExchange.exchangeId(Address.ZERO, token)).isZero());
    Bytes32 id = createExchange(token, true);
    CallSimulator.Simulation sim = ethCall(BOB.address(), FRE, new Wei(COST.subtract(BigInteger.ONE)), buy(id, E18, COST));
    assertFalse(sim.success());
    assertEquals("FixedRateExchange: not enough native coin sent", sim.revertReason().orElse(null));
  }
}
