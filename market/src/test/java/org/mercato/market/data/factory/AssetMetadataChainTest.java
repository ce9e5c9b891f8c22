package org.mercato.market.data.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.market.data.MarketTestChain.intrinsic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
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
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.TestChain;
import org.mercato.state.types.Address;

/** Asset metadata over a real chain: creation with metadata, updates by the metadata updater, validation, state. */
class AssetMetadataChainTest {
  private static final KeyPair ALICE = TestChain.KEYS.get(0);
  private static final KeyPair BOB = TestChain.KEYS.get(1);
  private static final Address FACTORY = DataMarketAddresses.ASSET_FACTORY;
  private static final String CREATE =
      "createAssetWithMetadata(string,string,string,string[],string,string,uint256,bytes32,uint256,uint8)";
  private static final String SET = "setMetadata(bytes32,string,string[],string,string,uint256,bytes32,uint256)";

  @TempDir Path dir;
  private MarketTestChain mc;

  @BeforeEach
  void open() {
    mc = new MarketTestChain(dir, 3, new DataAssetFactory());
  }

  @AfterEach
  void close() {
    mc.close();
  }

  static Bytes32 sha256(String content) throws Exception {
    return Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  private static Bytes create(String name, String symbol, AssetMetadata md, int state) {
    return Abi.call(CREATE, name, symbol, md.description(), md.tags(), md.license(), md.contentType(), md.size(),
        md.contentHash(), md.accessDuration(), (long) state);
  }

  private static Bytes set(Bytes32 id, AssetMetadata md) {
    return Abi.call(SET, id, md.description(), md.tags(), md.license(), md.contentType(), md.size(), md.contentHash(),
        md.accessDuration());
  }

  @Test
  void createWithMetadataThenReadItBackThroughJavaAndAbi() throws Exception {
    String file = "station,temp\nBER,3.5\n";
    String description = "Hourly temperatures of 400 European stations, 2026. ".repeat(6); // 318 bytes: 10 data words
    AssetMetadata md = new AssetMetadata(description, List.of("weather", "europe"), "CC-BY-4.0", "text/csv", file.length(),
        sha256(file), 86_400);
    Bytes data = create("Weather 2026", "WX", md, MetadataState.ACTIVE);
    Receipt r = mc.ok(ALICE, FACTORY, data);
    Bytes32 id = UInt256.ONE.toBytes();
    // count, owner, name, symbol, 3 roles; description 1 + 10; tags 1 + 2; license; contentType; size, hash, duration,
    // state, hasMetadata; 2 logs
    long writes = 7 + 11 + 3 + 1 + 1 + 5;
    assertEquals(intrinsic(data) + 2_100 + writes * 5_000 + 2 * 1_000, r.cumulativeGasUsed());
    assertEquals(DataAssetFactory.ASSET_CREATED_TOPIC, r.logs().get(0).topics().get(0));
    Log created = r.logs().get(1);
    assertEquals(List.of(DataAssetFactory.METADATA_CREATED_TOPIC, id, Bytes32.leftPad(ALICE.address().bytes())), created.topics());
    assertEquals(Abi.encode(0L, description, List.of("weather", "europe"), "CC-BY-4.0", "text/csv", (long) file.length(),
        sha256(file), 86_400L, mc.time(), mc.chain().chain().head().number()), created.data());

    AssetInfo info = DataAssetFactory.asset(mc.state(), id).orElseThrow();
    assertEquals(new AssetInfo(id, ALICE.address(), "Weather 2026", "WX", md, 0, true, List.of()), info);
    assertEquals(sha256(file), info.contentHash());
    assertEquals(86_400, info.accessDuration());
    assertTrue(info.allowsOrders());
    assertEquals(UInt256.ONE, DataAssetFactory.assetCount(mc.state()));
    assertEquals(Optional.empty(), DataAssetFactory.asset(mc.state(), UInt256.valueOf(2).toBytes()));

    Bytes out = mc.read(FACTORY, Abi.call("getMetadata(bytes32)", id));
    Abi.Args o = Abi.args(out, 0);
    assertEquals(description, o.string(0));
    assertEquals(List.of("weather", "europe"), o.stringArray(1, 8));
    assertEquals("CC-BY-4.0", o.string(2));
    assertEquals("text/csv", o.string(3));
    assertEquals(UInt256.valueOf(file.length()), o.uint(4));
    assertEquals(sha256(file), o.word(5));
    assertEquals(UInt256.valueOf(86_400), o.uint(6));
    assertEquals(UInt256.ZERO, o.uint(7));
    assertTrue(o.bool(8));

    // Datatokens appear in the record.
    Address dt = mc.createDatatoken(ALICE, id, "WXA", MarketTestChain.ONE.multiply(100), ALICE.address());
    assertEquals(List.of(dt), DataAssetFactory.asset(mc.state(), id).orElseThrow().datatokens());
    assertEquals(Optional.of(id), DataAssetFactory.assetOf(mc.state(), dt));
    assertEquals(id, Bytes32.wrap(mc.read(dt, Abi.call("assetId()"))));
  }

  @Test
  void plainCreateAssetHasNoMetadataUntilSetThenUpdates() throws Exception {
    Bytes32 id = mc.createAsset(ALICE, "Plain", "P");
    AssetInfo plain = DataAssetFactory.asset(mc.state(), id).orElseThrow();
    assertFalse(plain.hasMetadata());
    assertEquals(AssetMetadata.NONE, plain.metadata());
    assertEquals(MetadataState.ACTIVE, plain.metadataState());

    AssetMetadata first = new AssetMetadata("x".repeat(100), List.of("a", "b", "c"), "MIT", "application/json", 5,
        sha256("hello"), 0);
    Receipt r1 = mc.ok(ALICE, FACTORY, set(id, first));
    assertEquals(DataAssetFactory.METADATA_CREATED_TOPIC, r1.logs().get(0).topics().get(0), "first metadata: Created");
    AssetMetadata second = new AssetMetadata("short", List.of("a"), "", "", 6, sha256("hello!"), 3_600);
    Bytes data = set(id, second);
    Receipt r2 = mc.ok(ALICE, FACTORY, data);
    assertEquals(DataAssetFactory.METADATA_UPDATED_TOPIC, r2.logs().get(0).topics().get(0));
    // description: head + 4 cleared words; tags: length + 3 elements (2 cleared); license, contentType; 5 fixed; 1 log
    long writes = 5 + 4 + 1 + 1 + 5;
    assertEquals(intrinsic(data) + 2_100 + writes * 5_000 + 1_000, r2.cumulativeGasUsed());
    AssetInfo info = DataAssetFactory.asset(mc.state(), id).orElseThrow();
    assertEquals(second, info.metadata());
    assertTrue(info.hasMetadata());
  }

  @Test
  void metadataStateIsSetByTheUpdaterAndGovernsOrders() {
    Bytes32 id = mc.createAsset(ALICE, "Asset", "A");
    Bytes data = Abi.call("setMetadataState(bytes32,uint8)", id, (long) MetadataState.TEMPORARILY_DISABLED);
    Receipt r = mc.ok(ALICE, FACTORY, data);
    assertEquals(intrinsic(data) + 2_100 + 5_000 + 1_000, r.cumulativeGasUsed());
    assertEquals(List.of(new Log(FACTORY, List.of(DataAssetFactory.METADATA_STATE_TOPIC, id, Bytes32.leftPad(ALICE.address().bytes())),
        Abi.encode(4L, mc.time(), mc.chain().chain().head().number()))), r.logs());
    assertEquals(4, DataAssetFactory.metadataState(mc.state(), id));
    assertFalse(DataAssetFactory.asset(mc.state(), id).orElseThrow().allowsOrders());
    assertEquals(UInt256.valueOf(4), mc.uint(FACTORY, "metadataState(bytes32)", id));

    mc.fails(BOB, FACTORY, Abi.call("setMetadataState(bytes32,uint8)", id, 0L), "DataAssetFactory: NOT METADATA UPDATER");
    mc.fails(ALICE, FACTORY, Abi.call("setMetadataState(bytes32,uint8)", id, 6L), "DataAssetFactory: metadata state must be 0 to 5");
    assertEquals(4, DataAssetFactory.metadataState(mc.state(), id));
    for (int s = 0; s <= MetadataState.MAX; s++) {
      assertEquals(s == 0 || s == 5, MetadataState.allowsOrders(s), MetadataState.name(s));
    }
  }

  @Test
  void invalidMetadataIsRefusedWithAReasonAndWritesNothing() throws Exception {
    Bytes32 h = sha256("f");
    AssetMetadata ok = new AssetMetadata("d", List.of("t"), "MIT", "text/plain", 1, h, 60);
    record Case(AssetMetadata md, int state, String reason) {}
    List<Case> cases = List.of(
        new Case(new AssetMetadata("d".repeat(1025), List.of(), "", "", 0, h, 0), 0,
            "DataAssetFactory: description must be 0 to 1024 bytes"),
        new Case(new AssetMetadata("d", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), "", "", 0, h, 0), 0,
            "DataAssetFactory: at most 8 tags"),
        new Case(new AssetMetadata("d", List.of(""), "", "", 0, h, 0), 0, "DataAssetFactory: tag must be 1 to 31 bytes"),
        new Case(new AssetMetadata("d", List.of("t".repeat(32)), "", "", 0, h, 0), 0, "DataAssetFactory: tag must be 1 to 31 bytes"),
        new Case(new AssetMetadata("d", List.of("t", "t"), "", "", 0, h, 0), 0, "DataAssetFactory: duplicate tag t"),
        new Case(new AssetMetadata("d", List.of(), "l".repeat(65), "", 0, h, 0), 0, "DataAssetFactory: license must be 0 to 64 bytes"),
        new Case(new AssetMetadata("d", List.of(), "", "c".repeat(129), 0, h, 0), 0,
            "DataAssetFactory: contentType must be 0 to 128 bytes"),
        new Case(new AssetMetadata("bell\u0007", List.of(), "", "", 0, h, 0), 0, "DataAssetFactory: description contains a control character"),
        new Case(new AssetMetadata("d", List.of(), "", "", 0, h, AssetMetadata.MAX_ACCESS_DURATION + 1), 0,
            "DataAssetFactory: accessDuration out of range"),
        new Case(ok, 6, "DataAssetFactory: metadata state must be 0 to 5"));
    for (Case c : cases) {
      assertEquals(Optional.of(c.reason()), mc.ethCall(ALICE.address(), FACTORY, create("N", "N", c.md(), c.state())).revertReason(),
          c.reason());
    }
    // One as a transaction: gas paid, nothing written.
    Bytes bad = create("N", "N", cases.get(0).md(), 0);
    Receipt r = mc.fails(ALICE, FACTORY, bad, cases.get(0).reason());
    assertEquals(intrinsic(bad) + 2_100, r.cumulativeGasUsed());
    assertEquals(UInt256.ZERO, DataAssetFactory.assetCount(mc.state()));

    Bytes32 id = mc.createAsset(ALICE, "A", "A");
    mc.fails(BOB, FACTORY, set(id, ok), "DataAssetFactory: NOT METADATA UPDATER");
    mc.fails(ALICE, FACTORY, set(UInt256.valueOf(9).toBytes(), ok), "DataAssetFactory: no such asset");
    mc.fails(ALICE, FACTORY, set(id, cases.get(4).md()), "DataAssetFactory: duplicate tag t");
    assertFalse(DataAssetFactory.hasMetadata(mc.state(), id));
    // Too large a size for the record's long, as an ABI word.
    Bytes huge = Abi.call(SET, id, "d", List.of(), "", "", UInt256.MAX_VALUE, h, 0L);
    assertEquals(Optional.of("DataAssetFactory: size out of range"), mc.ethCall(ALICE.address(), FACTORY, huge).revertReason());
  }
}
