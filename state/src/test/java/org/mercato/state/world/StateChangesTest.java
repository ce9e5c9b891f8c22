package org.mercato.state.world;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** Storage slots are applied in one order, the same as tuweni's numeric order, whatever comparator sorts them. */
class StateChangesTest {
  @Test
  void slotOrderIsTuwenisNumericOrder() {
    Random rnd = new Random(3);
    List<Bytes32> keys = new ArrayList<>(List.of(Bytes32.ZERO, Bytes32.fromHexString("0x01"),
        Bytes32.fromHexString("0x80" + "00".repeat(31)), Bytes32.fromHexString("0x7f" + "ff".repeat(31)),
        Bytes32.wrap(Bytes.repeat((byte) 0xff, 32))));
    for (int i = 0; i < 500; i++) {
      byte[] b = new byte[32];
      rnd.nextBytes(b);
      for (int z = rnd.nextInt(32); z > 0 && rnd.nextBoolean(); z--) {
        b[z] = 0; // shared prefixes and zero runs
      }
      keys.add(Bytes32.wrap(b));
    }
    for (Bytes32 a : keys) {
      for (int j = 0; j < 20; j++) {
        Bytes32 b = keys.get(rnd.nextInt(keys.size()));
        assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(StateChanges.SLOT_ORDER.compare(a, b)), a + " vs " + b);
      }
    }
    Map<Bytes32, Bytes32> unsorted = new HashMap<>();
    keys.forEach(k -> unsorted.put(k, k));
    List<Bytes32> natural = new ArrayList<>(unsorted.keySet());
    natural.sort(Bytes32::compareTo);
    assertEquals(natural, new ArrayList<>(StateChanges.sortedSlots(unsorted).keySet()));
  }
}
