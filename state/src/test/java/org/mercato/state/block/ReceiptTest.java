package org.mercato.state.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.mercato.state.tx.TransactionType;
import org.mercato.state.types.Address;

/** The hand-written receipt encoding equals the general RLP writer's, byte for byte, and decodes back. */
class ReceiptTest {
  private static final Log LOG = new Log(Address.fromHex("0x00000000000000000000000000000000000000aa"),
      List.of(Bytes32.fromHexString("0x01"), Bytes32.fromHexString("0xff")), Bytes.fromHexString("0xdeadbeef"));

  /** What Receipt.encoded produced before it was written by hand (tuweni's RLPWriter). */
  private static Bytes reference(Receipt r) {
    Bytes rlp = RLP.encodeList(w -> {
      w.writeValue(r.success() ? Bytes.of(1) : Bytes.EMPTY);
      w.writeLong(r.cumulativeGasUsed());
      w.writeValue(r.bloom());
      w.writeList(r.logs(), (lw, log) -> log.writeTo(lw));
    });
    return r.type() == TransactionType.LEGACY ? rlp : Bytes.concatenate(Bytes.of(r.type().typeByte()), rlp);
  }

  @Test
  void encodingEqualsTheGeneralWriterForEveryShape() {
    long[] gas = {0, 1, 0x7f, 0x80, 0xff, 0x100, 21_000, 84_000_000L, 1L << 40, Long.MAX_VALUE};
    int cases = 0;
    for (TransactionType type : TransactionType.values()) {
      for (boolean success : new boolean[] {true, false}) {
        for (long g : gas) {
          for (List<Log> logs : List.of(List.<Log>of(), List.of(LOG), List.of(LOG, LOG, LOG))) {
            Receipt r = Receipt.of(type, success, g, logs);
            Bytes encoded = r.encoded();
            assertEquals(reference(r), encoded, r.toString());
            assertEquals(r, Receipt.decode(encoded));
            cases++;
          }
        }
      }
    }
    assertEquals(TransactionType.values().length * 2 * gas.length * 3, cases);
  }
}
