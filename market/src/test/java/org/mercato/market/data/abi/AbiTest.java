package org.mercato.market.data.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;

class AbiTest {
  private static final Address A = Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

  @Test
  void knownSelectorsAndTopics() {
    assertEquals(Bytes.fromHexString("0xa9059cbb"), Abi.selector("transfer(address,uint256)"));
    assertEquals(Bytes.fromHexString("0x70a08231"), Abi.selector("balanceOf(address)"));
    assertEquals(Bytes.fromHexString("0x40c10f19"), Abi.selector("mint(address,uint256)"));
    assertEquals(Bytes32.fromHexString("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"),
        Abi.topic("Transfer(address,address,uint256)"));
    assertEquals(Bytes32.fromHexString("0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925"),
        Abi.topic("Approval(address,address,uint256)"));
  }

  @Test
  void staticWordsRoundTrip() {
    Bytes enc = Abi.encode(A, UInt256.valueOf(7), true, Bytes32.fromHexString("0x11"));
    assertEquals(128, enc.size());
    Abi.Args a = Abi.args(enc, 0).exactly(4);
    assertEquals(A, a.address(0));
    assertEquals(UInt256.valueOf(7), a.uint(1));
    assertTrue(a.bool(2));
    assertEquals(Bytes32.fromHexString("0x11"), a.word(3));
    assertThrows(Abi.AbiException.class, () -> Abi.args(enc, 0).exactly(3));
    assertThrows(Abi.AbiException.class, () -> a.word(4));
  }

  @Test
  void stringEncodingMatchesSolidity() {
    // abi.encode("WTH26") = offset 0x20, length 5, "WTH26" right-padded
    Bytes expected = Bytes.concatenate(UInt256.valueOf(32).toBytes(), UInt256.valueOf(5).toBytes(),
        Bytes32.rightPad(Bytes.wrap("WTH26".getBytes(StandardCharsets.US_ASCII))));
    assertEquals(expected, Abi.encode("WTH26"));
    Bytes mixed = Abi.encode("héllo", UInt256.ONE, "");
    Abi.Args a = Abi.args(mixed, 0);
    assertEquals("héllo", a.string(0));
    assertEquals(UInt256.ONE, a.uint(1));
    assertEquals("", a.string(2));
  }

  @Test
  void rejectsNonCanonicalAndOutOfRange() {
    Bytes dirtyAddress = Bytes32.fromHexString("0x01" + "00".repeat(31));
    assertThrows(Abi.AbiException.class, () -> Abi.args(dirtyAddress, 0).address(0));
    assertThrows(Abi.AbiException.class, () -> Abi.args(UInt256.valueOf(2).toBytes(), 0).bool(0));
    assertThrows(Abi.AbiException.class, () -> Abi.args(UInt256.valueOf(1 << 20).toBytes(), 0).string(0));
    Bytes badLen = Bytes.concatenate(UInt256.valueOf(32).toBytes(), UInt256.valueOf(64).toBytes());
    assertThrows(Abi.AbiException.class, () -> Abi.args(badLen, 0).string(0));
    Bytes notUtf8 = Bytes.concatenate(UInt256.valueOf(32).toBytes(), UInt256.ONE.toBytes(), Bytes32.rightPad(Bytes.of(0xff)));
    assertThrows(Abi.AbiException.class, () -> Abi.args(notUtf8, 0).string(0));
  }

  @Test
  void datatokenAddressDerivation() {
    Bytes32 asset = Bytes32.fromHexString("0x01");
    Bytes pre = Bytes.concatenate(Bytes.wrap("mercato-datatoken".getBytes(StandardCharsets.US_ASCII)), asset,
        UInt256.valueOf(3).toBytes());
    assertEquals(17 + 64, pre.size());
    assertEquals(new Address(Keccak.hash(pre).bytes().slice(12, 20)), DataMarketAddresses.datatoken(asset, 3));
    assertNotEquals(DataMarketAddresses.datatoken(asset, 0), DataMarketAddresses.datatoken(asset, 1));
    assertFalse(DataMarketAddresses.datatoken(asset, 0).equals(DataMarketAddresses.ASSET_FACTORY));
    assertEquals("0x0000000000000000000000000000000000001002", DataMarketAddresses.FIXED_RATE_EXCHANGE.toHex());
  }
}
