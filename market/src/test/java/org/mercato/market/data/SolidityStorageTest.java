package org.mercato.market.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import java.util.Optional;
import org.mercato.state.world.Account;
import org.mercato.state.world.WorldView;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;

/** Solidity's string / string[] storage encoding, and that shrinking a value leaves no words behind. */
class SolidityStorageTest {
  private static final Address C = Address.fromHex("0x0000000000000000000000000000000000001001");
  private static final Bytes32 SLOT = UInt256.valueOf(7).toBytes();
  private static final WorldView EMPTY = new WorldView() {
    @Override
    public Optional<Account> account(Address address) {
      return Optional.empty();
    }

    @Override
    public Bytes32 storage(Address address, Bytes32 slot) {
      return Bytes32.ZERO;
    }
  };

  private static UInt256 dataStart(Bytes32 slot) {
    return UInt256.fromBytes(Keccak.hash(Bytes.wrap(slot)).bytes());
  }

  @Test
  void longStringLayoutAsSolidity() {
    WorldUpdater w = new WorldUpdater(EMPTY);
    String s = "a".repeat(40); // 40 bytes: head 2·40+1 = 81, two data words
    assertEquals(3, SolidityStorage.writeString(w, C, SLOT, s));
    assertEquals(UInt256.valueOf(81).toBytes(), w.storage(C, SLOT));
    Bytes32 first = w.storage(C, dataStart(SLOT).toBytes());
    assertEquals(Bytes32.wrap("a".repeat(32).getBytes(StandardCharsets.US_ASCII)), first);
    Bytes32 second = w.storage(C, dataStart(SLOT).add(UInt256.ONE).toBytes());
    assertEquals(Bytes32.rightPad(Bytes.wrap("a".repeat(8).getBytes(StandardCharsets.US_ASCII))), second);
    assertEquals(s, SolidityStorage.readString(w, C, SLOT));
  }

  @Test
  void shrinkingClearsOldWordsAndCountsThem() {
    WorldUpdater w = new WorldUpdater(EMPTY);
    String longText = "é".repeat(50); // 100 UTF-8 bytes: 4 data words
    assertEquals(5, SolidityStorage.writeString(w, C, SLOT, longText));
    assertEquals(longText, SolidityStorage.readString(w, C, SLOT));
    assertEquals(1 + 4, SolidityStorage.writeString(w, C, SLOT, "short"), "head + 4 cleared words");
    for (int i = 0; i < 4; i++) {
      assertEquals(Bytes32.ZERO, w.storage(C, dataStart(SLOT).add(UInt256.valueOf(i)).toBytes()));
    }
    assertEquals("short", SolidityStorage.readString(w, C, SLOT));
    assertEquals(1, SolidityStorage.writeString(w, C, SLOT, ""));
    assertEquals(Bytes32.ZERO, w.storage(C, SLOT));
  }

  @Test
  void stringArrays() {
    WorldUpdater w = new WorldUpdater(EMPTY);
    assertEquals(4, SolidityStorage.writeStringArray(w, C, SLOT, List.of("weather", "eu", "hourly")));
    assertEquals(List.of("weather", "eu", "hourly"), SolidityStorage.readStringArray(w, C, SLOT));
    assertEquals(UInt256.valueOf(3).toBytes(), w.storage(C, SLOT));
    assertEquals(4, SolidityStorage.writeStringArray(w, C, SLOT, List.of("x")), "length, one element, two cleared");
    assertEquals(List.of("x"), SolidityStorage.readStringArray(w, C, SLOT));
    assertEquals(Bytes32.ZERO, w.storage(C, dataStart(SLOT).add(UInt256.ONE).toBytes()));
  }
}
