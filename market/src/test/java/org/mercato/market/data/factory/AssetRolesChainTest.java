package org.mercato.market.data.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.market.data.MarketTestChain.ONE;
import static org.mercato.market.data.MarketTestChain.intrinsic;

import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MarketTestChain;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.TestChain;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/** Asset and datatoken roles (DM§3 without cleanPermissions) and the asset transfer's effect on them, over a real chain. */
class AssetRolesChainTest {
  private static final KeyPair ALICE = TestChain.KEYS.get(0); // owner
  private static final KeyPair BOB = TestChain.KEYS.get(1);   // manager
  private static final KeyPair CAROL = TestChain.KEYS.get(2); // datatoken deployer
  private static final KeyPair DAVE = TestChain.KEYS.get(3);  // payment manager, later metadata updater
  private static final KeyPair ERIN = TestChain.KEYS.get(4);  // new owner
  private static final Address FACTORY = DataMarketAddresses.ASSET_FACTORY;
  private static final Address FRE = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  private static final Address DISPENSER = DataMarketAddresses.DISPENSER;
  private static final String GRANT = "grantRole(bytes32,uint8,address)";
  private static final String REVOKE = "revokeRole(bytes32,uint8,address)";

  @TempDir Path dir;
  private MarketTestChain mc;

  @BeforeEach
  void open() {
    mc = new MarketTestChain(dir, 5, new DataAssetFactory());
  }

  @AfterEach
  void close() {
    mc.close();
  }

  private boolean has(Bytes32 id, Role r, KeyPair k) {
    boolean java = DataAssetFactory.hasRole(mc.state(), id, r, k.address());
    assertEquals(java ? UInt256.ONE : UInt256.ZERO, mc.uint(FACTORY, "hasRole(bytes32,uint8,address)", id, (long) r.id(), k.address()));
    return java;
  }

  private static Bytes role(String sig, Bytes32 id, Role r, KeyPair who) {
    return Abi.call(sig, id, (long) r.id(), who.address());
  }

  @Test
  void ownerHasAllRolesManagersGrantHoldersDropTheirOwn() {
    Bytes32 id = mc.createAsset(ALICE, "Asset", "A");
    for (Role r : Role.values()) {
      assertTrue(has(id, r, ALICE), r.name());
      assertFalse(has(id, r, BOB), r.name());
    }
    // Only the owner grants managers; a non-manager grants nothing.
    mc.fails(BOB, FACTORY, role(GRANT, id, Role.DATATOKEN_DEPLOYER, CAROL), "DataAssetFactory: NOT MANAGER");
    mc.fails(BOB, FACTORY, role(GRANT, id, Role.MANAGER, BOB), "DataAssetFactory: NOT ASSET OWNER");
    Bytes grantBob = role(GRANT, id, Role.MANAGER, BOB);
    Receipt r = mc.ok(ALICE, FACTORY, grantBob);
    assertEquals(intrinsic(grantBob) + 2_100 + 5_000 + 1_000, r.cumulativeGasUsed());
    assertEquals(List.of(new Log(FACTORY, List.of(DataAssetFactory.ROLE_GRANTED_TOPIC, id, UInt256.ZERO.toBytes(),
        Bytes32.leftPad(BOB.address().bytes())), Abi.encode(ALICE.address(), mc.time(), mc.chain().chain().head().number()))),
        r.logs());
    assertTrue(has(id, Role.MANAGER, BOB));
    // A manager grants the other roles but not manager.
    mc.fails(BOB, FACTORY, role(GRANT, id, Role.MANAGER, CAROL), "DataAssetFactory: NOT ASSET OWNER");
    mc.ok(BOB, FACTORY, role(GRANT, id, Role.DATATOKEN_DEPLOYER, CAROL));
    mc.ok(BOB, FACTORY, role(GRANT, id, Role.METADATA_UPDATER, DAVE));
    mc.fails(ALICE, FACTORY, Abi.call(GRANT, id, 3L, DAVE.address()), "DataAssetFactory: unknown role");
    mc.fails(ALICE, FACTORY, Abi.call(GRANT, id, 1L, Address.ZERO), "DataAssetFactory: role for the zero address");

    // The deployer creates a datatoken (owned by the asset owner, creator = the deployer); a manager alone cannot.
    mc.fails(BOB, FACTORY, Abi.call("createDatatoken(bytes32,string,string,uint256,address)", id, "T", "T", ONE, BOB.address()),
        "DataAssetFactory: NOT DATATOKEN DEPLOYER");
    Address dt = mc.createDatatoken(CAROL, id, "CT", ONE.multiply(10), Address.ZERO);
    assertEquals(ALICE.address(), DatatokenContract.owner(mc.state(), dt));
    assertTrue(DataAssetFactory.asset(mc.state(), id).orElseThrow().datatokens().contains(dt));
    // ... and manages its minters (DM§3: ERC20 deployer).
    mc.ok(CAROL, dt, Abi.call("addMinter(address)", CAROL.address()));
    mc.ok(CAROL, dt, Abi.call("mint(address,uint256)", CAROL.address(), ONE));
    // The metadata updater updates metadata; others cannot.
    mc.ok(DAVE, FACTORY, Abi.call("setMetadataState(bytes32,uint8)", id, 5L));
    mc.fails(CAROL, FACTORY, Abi.call("setMetadataState(bytes32,uint8)", id, 0L), "DataAssetFactory: NOT METADATA UPDATER");

    // Nobody revokes another's role without being a manager; a holder drops its own.
    mc.fails(DAVE, FACTORY, role(REVOKE, id, Role.DATATOKEN_DEPLOYER, CAROL), "DataAssetFactory: NOT MANAGER");
    Receipt drop = mc.ok(CAROL, FACTORY, role(REVOKE, id, Role.DATATOKEN_DEPLOYER, CAROL));
    assertEquals(DataAssetFactory.ROLE_REVOKED_TOPIC, drop.logs().get(0).topics().get(0));
    assertFalse(has(id, Role.DATATOKEN_DEPLOYER, CAROL));
    mc.fails(CAROL, dt, Abi.call("addMinter(address)", DAVE.address()), "DatatokenContract: NOT OWNER OR DATATOKEN DEPLOYER");
    mc.ok(BOB, FACTORY, role(REVOKE, id, Role.METADATA_UPDATER, DAVE));
    assertFalse(has(id, Role.METADATA_UPDATER, DAVE));
    mc.ok(ALICE, FACTORY, role(REVOKE, id, Role.MANAGER, BOB));
    assertFalse(has(id, Role.MANAGER, BOB));
    // The owner may drop its own roles too (no implicit owner power in the factory: Ocean's rule).
    mc.ok(ALICE, FACTORY, role(REVOKE, id, Role.DATATOKEN_DEPLOYER, ALICE));
    mc.fails(ALICE, FACTORY, Abi.call("createDatatoken(bytes32,string,string,uint256,address)", id, "T", "T", ONE, BOB.address()),
        "DataAssetFactory: NOT DATATOKEN DEPLOYER");
    mc.ok(ALICE, FACTORY, role(GRANT, id, Role.DATATOKEN_DEPLOYER, ALICE)); // a manager re-grants
    assertTrue(has(id, Role.DATATOKEN_DEPLOYER, ALICE));
  }

  @Test
  void paymentManagerSetsTheCollectorWhichDefaultsToTheOwner() {
    Bytes32 id = mc.createAsset(ALICE, "Asset", "A");
    Address dt = mc.createDatatoken(ALICE, id, "DT", ONE.multiply(10), ALICE.address());
    assertEquals(ALICE.address(), DatatokenContract.paymentCollector(mc.state(), dt), "0 = the owner");
    assertEquals(Abi.encode(ALICE.address()), mc.read(dt, Abi.call("getPaymentCollector()")));
    mc.fails(DAVE, dt, Abi.call("setPaymentCollector(address)", DAVE.address()), "DatatokenContract: NOT PAYMENT MANAGER OR OWNER");
    mc.fails(DAVE, dt, Abi.call("addPaymentManager(address)", DAVE.address()), "DatatokenContract: NOT OWNER OR DATATOKEN DEPLOYER");
    Receipt add = mc.ok(ALICE, dt, Abi.call("addPaymentManager(address)", DAVE.address()));
    assertEquals(DatatokenContract.ADDED_PAYMENT_MANAGER_TOPIC, add.logs().get(0).topics().get(0));
    assertTrue(DatatokenContract.isPaymentManager(mc.state(), dt, DAVE.address()));
    assertEquals(Abi.encode(false, true), mc.read(dt, Abi.call("getPermissions(address)", DAVE.address())));
    Address vault = Address.fromHex("0x00000000000000000000000000000000000000b7");
    Bytes set = Abi.call("setPaymentCollector(address)", vault);
    Receipt r = mc.ok(DAVE, dt, set);
    assertEquals(intrinsic(set) + 2_100 + 5_000 + 1_000, r.cumulativeGasUsed());
    assertEquals(List.of(new Log(dt, List.of(DatatokenContract.NEW_PAYMENT_COLLECTOR_TOPIC, Bytes32.leftPad(DAVE.address().bytes()),
        Bytes32.leftPad(vault.bytes())), Abi.encode(mc.time(), mc.chain().chain().head().number()))), r.logs());
    assertEquals(vault, DatatokenContract.paymentCollector(mc.state(), dt));
    assertEquals(Bytes32.leftPad(vault.bytes()), mc.state().storage(dt, UInt256.valueOf(8).toBytes()), "slot 8");
    // A payment manager drops its own role; then cannot set the collector.
    mc.ok(DAVE, dt, Abi.call("removePaymentManager(address)", DAVE.address()));
    mc.fails(DAVE, dt, Abi.call("setPaymentCollector(address)", DAVE.address()), "DatatokenContract: NOT PAYMENT MANAGER OR OWNER");
    // The owner resets it to 0 = the owner.
    mc.ok(ALICE, dt, Abi.call("setPaymentCollector(address)", Address.ZERO));
    assertEquals(ALICE.address(), DatatokenContract.paymentCollector(mc.state(), dt));
  }

  @Test
  void transferWipesRolesGivesTheNewOwnerAllAndResetsDatatokens() {
    Bytes32 id = mc.createAsset(ALICE, "Asset", "A");
    mc.ok(ALICE, FACTORY, role(GRANT, id, Role.MANAGER, BOB));
    mc.ok(ALICE, FACTORY, role(GRANT, id, Role.DATATOKEN_DEPLOYER, CAROL));
    Address dt0 = mc.createDatatoken(ALICE, id, "D0", ONE.multiply(100), ALICE.address());
    Address dt1 = mc.createDatatoken(CAROL, id, "D1", ONE.multiply(100), CAROL.address());
    mc.ok(ALICE, dt0, Abi.call("addMinter(address)", FRE));
    mc.ok(ALICE, dt1, Abi.call("addMinter(address)", DISPENSER));
    mc.ok(ALICE, dt0, Abi.call("addPaymentManager(address)", DAVE.address()));
    mc.ok(DAVE, dt0, Abi.call("setPaymentCollector(address)", DAVE.address()));
    mc.ok(ALICE, dt0, Abi.call("mint(address,uint256)", BOB.address(), ONE.multiply(3)));

    mc.fails(BOB, FACTORY, Abi.call("transferAsset(bytes32,address)", id, BOB.address()), "DataAssetFactory: NOT ASSET OWNER");
    mc.fails(ALICE, FACTORY, Abi.call("transferAsset(bytes32,address)", id, Address.ZERO),
        "DataAssetFactory: transfer to the zero address");
    Bytes data = Abi.call("transferAsset(bytes32,address)", id, ERIN.address());
    Receipt r = mc.ok(ALICE, FACTORY, data);
    // owner, epoch, 3 roles; per datatoken epoch, collector, owner; FRE and dispenser minter re-added; 1 log
    assertEquals(intrinsic(data) + 2_100 + (5 + 2 * 3 + 2) * 5_000 + 1_000, r.cumulativeGasUsed());
    assertEquals(List.of(new Log(FACTORY, List.of(DataAssetFactory.ASSET_TRANSFERRED_TOPIC, id, Bytes32.leftPad(ALICE.address().bytes()),
        Bytes32.leftPad(ERIN.address().bytes())), Abi.encode(mc.time(), mc.chain().chain().head().number()))), r.logs());

    WorldView s = mc.state();
    assertEquals(ERIN.address(), DataAssetFactory.asset(s, id).orElseThrow().owner());
    for (Role role : Role.values()) {
      assertTrue(has(id, role, ERIN), role.name());
      assertFalse(has(id, role, ALICE), role.name());
    }
    assertFalse(has(id, Role.MANAGER, BOB));
    assertFalse(has(id, Role.DATATOKEN_DEPLOYER, CAROL));
    for (Address dt : List.of(dt0, dt1)) {
      assertEquals(ERIN.address(), DatatokenContract.owner(s, dt), "owner slot 4");
      assertEquals(ERIN.address(), DatatokenContract.paymentCollector(s, dt), "collector reset to the owner");
      assertFalse(DatatokenContract.isMinter(s, dt, ALICE.address()));
      assertFalse(DatatokenContract.isMinter(s, dt, CAROL.address()));
      assertFalse(DatatokenContract.isMinter(s, dt, ERIN.address()), "the new owner gets no minter role (DM§3)");
    }
    assertTrue(DatatokenContract.isMinter(s, dt0, FRE), "the exchange keeps its minter role");
    assertFalse(DatatokenContract.isMinter(s, dt0, DISPENSER));
    assertTrue(DatatokenContract.isMinter(s, dt1, DISPENSER), "the dispenser keeps its minter role");
    assertFalse(DatatokenContract.isPaymentManager(s, dt0, DAVE.address()));
    assertEquals(ONE.multiply(3), DatatokenContract.balanceOf(s, dt0, BOB.address()), "balances untouched");

    // The old parties are out; the new owner runs everything.
    mc.fails(ALICE, dt0, Abi.call("mint(address,uint256)", ALICE.address(), ONE), "ERC20Template: NOT MINTER");
    mc.fails(ALICE, FACTORY, data, "DataAssetFactory: NOT ASSET OWNER");
    mc.fails(BOB, FACTORY, role(GRANT, id, Role.METADATA_UPDATER, BOB), "DataAssetFactory: NOT MANAGER");
    mc.fails(CAROL, dt1, Abi.call("addMinter(address)", CAROL.address()), "DatatokenContract: NOT OWNER OR DATATOKEN DEPLOYER");
    mc.fails(DAVE, dt0, Abi.call("setPaymentCollector(address)", DAVE.address()), "DatatokenContract: NOT PAYMENT MANAGER OR OWNER");
    mc.ok(ERIN, dt0, Abi.call("addMinter(address)", ERIN.address()));
    mc.ok(ERIN, dt0, Abi.call("mint(address,uint256)", ERIN.address(), ONE));
    mc.createDatatoken(ERIN, id, "D2", ONE, ERIN.address());
    // A role granted in the old epoch does not come back when re-granted elsewhere: re-granting is explicit.
    mc.ok(ERIN, FACTORY, role(GRANT, id, Role.MANAGER, BOB));
    assertTrue(has(id, Role.MANAGER, BOB));
    assertFalse(has(id, Role.DATATOKEN_DEPLOYER, CAROL));

    // And it survives a restart.
    mc.reopen();
    assertTrue(has(id, Role.DATATOKEN_DEPLOYER, ERIN));
    assertFalse(has(id, Role.DATATOKEN_DEPLOYER, ALICE));
  }
}
