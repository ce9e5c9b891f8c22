package org.mercato.market.data.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.MeteredCall;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;

/** The storage layout of docs/spec/data-market.md, slot by slot, as Solidity would compute it. */
class DatatokenLayoutTest {
  private static final Address OWNER = Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  private static final Address SPENDER = Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

  private static Bytes32 k(Bytes a, Bytes b) {
    return Keccak.hash(Bytes.concatenate(a, b)).bytes();
  }

  @Test
  void mappingSlots() {
    Bytes32 o = Bytes32.leftPad(OWNER.bytes());
    Bytes32 s = Bytes32.leftPad(SPENDER.bytes());
    assertEquals(k(o, UInt256.valueOf(5).toBytes()), DatatokenContract.balanceSlot(OWNER));
    assertEquals(k(s, k(o, UInt256.valueOf(6).toBytes())), DatatokenContract.allowanceSlot(OWNER, SPENDER));
    assertEquals(k(o, UInt256.valueOf(7).toBytes()), DatatokenContract.minterSlot(OWNER));
  }

  @Test
  void shortStrings() {
    Bytes32 w = DatatokenContract.encodeShortString("WTH26", "symbol");
    assertEquals(Bytes32.fromHexString("0x575448323600000000000000000000000000000000000000000000000000000a"), w);
    assertEquals("WTH26", DatatokenContract.shortString(w));
    String max = "x".repeat(31);
    assertEquals(max, DatatokenContract.shortString(DatatokenContract.encodeShortString(max, "name")));
    assertThrows(MeteredCall.Revert.class, () -> DatatokenContract.encodeShortString("x".repeat(32), "name"));
    assertThrows(MeteredCall.Revert.class, () -> DatatokenContract.encodeShortString("", "name"));
  }
}
