package org.mercato.market.data.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/** The dynamic types the asset and order ABIs added: bytes, string[], dynamic tuples; strict on malformed input. */
class AbiDynamicTest {
  @Test
  void roundTrips() {
    Bytes enc = Abi.encode(7L, Bytes.fromHexString("0xdeadbeef"), List.of("a", "é".repeat(20), ""), "x");
    Abi.Args a = Abi.args(enc, 0);
    assertEquals(UInt256.valueOf(7), a.uint(0));
    assertEquals(Bytes.fromHexString("0xdeadbeef"), a.bytes(1));
    assertEquals(List.of("a", "é".repeat(20), ""), a.stringArray(2, 8));
    assertEquals("x", a.string(3));
    // A tuple whose head is an offset: its fields are relative to its own start.
    Bytes tuple = Bytes.concatenate(Abi.encode(32L), Abi.encode(5L, Bytes.fromHexString("0x01")));
    Abi.Args t = Abi.args(tuple, 0).tuple(0);
    assertEquals(UInt256.valueOf(5), t.uint(0));
    assertEquals(Bytes.of(1), t.bytes(1));
  }

  @Test
  void malformedInputIsAnAbiException() {
    Bytes enc = Abi.encode(List.of("a", "b", "c"));
    assertThrows(Abi.AbiException.class, () -> Abi.args(enc, 0).stringArray(0, 2), "more elements than allowed");
    Bytes hugeLength = Bytes.concatenate(Abi.encode(32L), UInt256.MAX_VALUE.toBytes());
    assertThrows(Abi.AbiException.class, () -> Abi.args(hugeLength, 0).stringArray(0, 8));
    assertThrows(Abi.AbiException.class, () -> Abi.args(hugeLength, 0).bytes(0));
    Bytes badOffset = Abi.encode(UInt256.valueOf(4096));
    assertThrows(Abi.AbiException.class, () -> Abi.args(badOffset, 0).bytes(0));
    assertThrows(Abi.AbiException.class, () -> Abi.args(badOffset, 0).tuple(0));
    Bytes shortArray = Bytes.concatenate(Abi.encode(32L), UInt256.valueOf(2).toBytes(), UInt256.valueOf(64).toBytes());
    assertThrows(Abi.AbiException.class, () -> Abi.args(shortArray, 0).stringArray(0, 8), "element heads missing");
  }
}
