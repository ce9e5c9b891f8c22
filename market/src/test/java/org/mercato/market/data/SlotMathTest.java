package org.mercato.market.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;

/** {@link SlotMath} gives the same words as the Solidity definitions written with Bytes and UInt256. */
class SlotMathTest {
  @Test
  void mappingSlotsEqualKeccakOfTheConcatenation() {
    Random rnd = new Random(1);
    for (int i = 0; i < 200; i++) {
      Bytes32 key = Bytes32.random(rnd);
      Address a = new Address(Bytes.random(20, rnd));
      long slot = i < 100 ? i : rnd.nextLong() & Long.MAX_VALUE;
      Bytes32 slotWord = UInt256.valueOf(slot).toBytes();
      assertEquals(Keccak.hash(Bytes.concatenate(key, slotWord)).bytes(), SlotMath.mapping(key, slot));
      assertEquals(Keccak.hash(Bytes.concatenate(Bytes32.leftPad(a.bytes()), slotWord)).bytes(), SlotMath.mapping(a, slot));
      assertEquals(Keccak.hash(Bytes.concatenate(Bytes32.leftPad(a.bytes()), key)).bytes(), SlotMath.mapping(a, key));
      assertEquals(Keccak.hash(key).bytes(), SlotMath.arrayData(key));
    }
  }

  @Test
  void rememberedSlotsAreKeptByValueNotByTheCallersArray() {
    byte[] raw = new byte[32];
    raw[31] = 1;
    Bytes32 key = Bytes32.wrap(raw);
    Bytes32 first = SlotMath.mapping(key, 3);
    raw[31] = 2; // the caller reuses its array: the remembered entry must not follow it
    assertEquals(Keccak.hash(Bytes.concatenate(Bytes32.wrap(raw), UInt256.valueOf(3).toBytes())).bytes(), SlotMath.mapping(key, 3));
    raw[31] = 1;
    assertEquals(first, SlotMath.mapping(Bytes32.wrap(raw.clone()), 3));
    // Many keys through the table (collisions replace entries) still give the defined hash every time.
    Random rnd = new Random(3);
    Address[] keys = new Address[10_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = new Address(Bytes.random(20, rnd));
    }
    for (int round = 0; round < 2; round++) {
      for (Address a : keys) {
        assertEquals(Keccak.hash(Bytes.concatenate(Bytes32.leftPad(a.bytes()), UInt256.valueOf(5).toBytes())).bytes(),
            SlotMath.mapping(a, 5));
      }
    }
  }

  @Test
  void plusIsUint256AdditionModulo2To256() {
    Random rnd = new Random(2);
    Bytes32 max = UInt256.MAX_VALUE.toBytes();
    assertEquals(Bytes32.ZERO, SlotMath.plus(max, 1), "wraps like Solidity's slot arithmetic");
    assertEquals(UInt256.valueOf(6).toBytes(), SlotMath.plus(max, 7));
    for (int i = 0; i < 500; i++) {
      Bytes32 base = i % 3 == 0 ? Bytes32.wrap(max.toArray()).and(Bytes32.random(rnd).or(Bytes32.fromHexString("0xff"))) : Bytes32.random(rnd);
      long k = i % 2 == 0 ? rnd.nextInt(20) : rnd.nextLong() & Long.MAX_VALUE;
      assertEquals(UInt256.fromBytes(base).add(UInt256.valueOf(k)).toBytes(), SlotMath.plus(base, k));
    }
  }
}
