package org.mercato.market.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.market.data.MarketChain.E18;

import java.math.BigInteger;
import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.dispenser.Dispenser;
import org.mercato.market.data.dispenser.DispenserStore;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.fre.ExchangeState;
import org.mercato.market.data.fre.ExchangeStore;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.types.Address;

/**
 * Exchange and dispenser administration by "ERC20 deployer or NFT owner" (DM§7, DM§8; docs/spec/data-market.md
 * §Fixed-rate exchange and §Dispenser, Authorization): a holder of the asset's datatokenDeployer role who is not the
 * owner creates and administers both; a stranger, and the deployer once the role is revoked, is refused.
 */
class DeployerAdminChainTest {
  private static final KeyPair ALICE = MarketChain.key(0); // asset and datatoken owner
  private static final KeyPair CAROL = MarketChain.key(1); // datatokenDeployer, not the owner
  private static final KeyPair MALLORY = MarketChain.key(2);
  private static final KeyPair BOB = MarketChain.key(3);
  private static final Address FACTORY = DataMarketAddresses.ASSET_FACTORY;
  private static final Address FRE = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  private static final Address DISPENSER = DataMarketAddresses.DISPENSER;
  private static final BigInteger RATE = E18.multiply(BigInteger.TWO);
  private static final long DEPLOYER_ROLE = 1; // Role.DATATOKEN_DEPLOYER, the ABI's uint8

  @TempDir Path dir;
  private MarketChain mc;
  private Address dt;
  private final Bytes32 asset = UInt256.ONE.toBytes();

  @BeforeEach
  void open() {
    mc = new MarketChain(dir, 4, new DataAssetFactory(), new FixedRateExchange(), new Dispenser());
    dt = mc.datatoken(ALICE, "ADM", E18.multiply(BigInteger.valueOf(100)));
    mc.ok(ALICE, FACTORY, Abi.call("grantRole(bytes32,uint8,address)", asset, DEPLOYER_ROLE,
        CAROL.address()));
    assertTrue(DatatokenContract.isDeployer(mc.state(), dt, CAROL.address()));
    assertFalse(CAROL.address().equals(DatatokenContract.owner(mc.state(), dt)));
  }

  @AfterEach
  void close() {
    mc.close();
  }

  private Bytes32 id() {
    return FixedRateExchange.exchangeId(Address.ZERO, dt);
  }

  private ExchangeState ex() {
    return ExchangeStore.find(mc.state(), id()).orElseThrow();
  }

  @Test
  void aDatatokenDeployerAdministersTheExchangeAndAStrangerIsRefused() {
    Bytes create = Abi.call("createFixedRate(address,uint256,uint256,address,bool)", dt, RATE, 0L, Address.ZERO, true);
    mc.refused(MALLORY, FRE, create, "FixedRateExchange: NOT DATATOKEN OWNER");
    mc.ok(CAROL, FRE, create);
    assertEquals(CAROL.address(), ex().owner(), "the creator is recorded (informational, as Ocean)");
    assertTrue(DatatokenContract.isMinter(mc.state(), dt, FRE), "a deployer may make the exchange a minter");

    Bytes setRate = Abi.call("setRate(bytes32,uint256)", id(), RATE.multiply(BigInteger.TWO));
    Bytes mintOff = Abi.call("toggleMintState(bytes32,bool)", id(), false);
    Bytes toggle = Abi.call("toggleExchangeState(bytes32)", id());
    Bytes swapper = Abi.call("setAllowedSwapper(bytes32,address)", id(), BOB.address());
    for (Bytes call : new Bytes[] {setRate, mintOff, toggle, swapper}) {
      mc.refused(MALLORY, FRE, call, "FixedRateExchange: invalid exchange owner");
    }
    mc.ok(CAROL, FRE, setRate);
    assertEquals(RATE.multiply(BigInteger.TWO), ex().rate());
    mc.ok(CAROL, FRE, mintOff);
    assertFalse(ex().withMint());
    mc.ok(CAROL, FRE, toggle);
    assertFalse(ex().active());
    mc.ok(ALICE, FRE, toggle); // the owner keeps every right
    assertTrue(ex().active());
    mc.ok(CAROL, FRE, swapper);
    assertEquals(BOB.address(), ex().allowedSwapper());

    // Revoking the role revokes the rights.
    mc.ok(ALICE, FACTORY, Abi.call("revokeRole(bytes32,uint8,address)", asset, DEPLOYER_ROLE,
        CAROL.address()));
    mc.refused(CAROL, FRE, setRate, "FixedRateExchange: invalid exchange owner");
    mc.refused(CAROL, FRE, Abi.call("toggleMintState(bytes32,bool)", id(), true), "FixedRateExchange: invalid exchange owner");
  }

  @Test
  void aDatatokenDeployerAdministersTheDispenserAndAStrangerIsRefused() {
    Bytes create = Abi.call("create(address,uint256,uint256,bool,address)", dt, E18, E18, true, Address.ZERO);
    mc.refused(MALLORY, DISPENSER, create, "Dispenser: Invalid owner");
    mc.ok(CAROL, DISPENSER, create);
    assertTrue(DatatokenContract.isMinter(mc.state(), dt, DISPENSER));

    Bytes activate = Abi.call("activate(address,uint256,uint256)", dt, E18.multiply(BigInteger.TWO), E18.multiply(BigInteger.TEN));
    Bytes deactivate = Abi.call("deactivate(address)", dt);
    Bytes swapper = Abi.call("setAllowedSwapper(address,address)", dt, BOB.address());
    Bytes withdraw = Abi.call("ownerWithdraw(address)", dt);
    for (Bytes call : new Bytes[] {activate, deactivate, swapper, withdraw}) {
      mc.refused(MALLORY, DISPENSER, call, "Dispenser: Invalid owner");
    }
    mc.ok(CAROL, DISPENSER, deactivate);
    assertFalse(DispenserStore.find(mc.state(), dt).orElseThrow().active());
    mc.ok(CAROL, DISPENSER, activate);
    assertEquals(E18.multiply(BigInteger.TWO), DispenserStore.find(mc.state(), dt).orElseThrow().maxTokens());
    mc.ok(CAROL, DISPENSER, swapper);
    assertEquals(BOB.address(), DispenserStore.find(mc.state(), dt).orElseThrow().allowedSwapper());

    // A deployer's withdrawal still pays the datatoken's payment collector (the owner), never the deployer.
    mc.ok(ALICE, dt, Abi.call("mint(address,uint256)", DISPENSER, E18));
    mc.ok(CAROL, DISPENSER, withdraw);
    assertEquals(E18, mc.dt(dt, ALICE.address()));
    assertEquals(BigInteger.ZERO, mc.dt(dt, CAROL.address()));

    mc.ok(ALICE, FACTORY, Abi.call("revokeRole(bytes32,uint8,address)", asset, DEPLOYER_ROLE,
        CAROL.address()));
    mc.refused(CAROL, DISPENSER, deactivate, "Dispenser: Invalid owner");
  }
}
