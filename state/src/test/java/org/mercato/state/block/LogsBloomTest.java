package org.mercato.state.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;

/**
 * The bloom against the Yellow Paper's definition written out independently (a 2048-bit number,
 * bit m(x, i) = KEC(x)[i, i+1] mod 2048 for i = 0, 2, 4), over many logs whose values repeat and
 * collide in the memo of recent values.
 */
class LogsBloomTest {
  private static Bytes reference(List<Log> logs) {
    BigInteger bloom = BigInteger.ZERO;
    for (Log log : logs) {
      List<Bytes> elements = new ArrayList<>();
      elements.add(log.address().bytes());
      elements.addAll(log.topics());
      for (Bytes e : elements) {
        Bytes h = Keccak.hash(e).bytes();
        for (int i = 0; i < 6; i += 2) {
          bloom = bloom.setBit(((h.get(i) & 0xff) << 8 | (h.get(i + 1) & 0xff)) % 2048);
        }
      }
    }
    byte[] raw = bloom.toByteArray();
    byte[] out = new byte[LogsBloom.BYTES];
    int n = Math.min(raw.length, LogsBloom.BYTES);
    System.arraycopy(raw, raw.length - n, out, LogsBloom.BYTES - n, n);
    return Bytes.wrap(out);
  }

  @Test
  void matchesTheDefinitionForRepeatedAndCollidingValues() {
    Random rnd = new Random(7);
    List<Address> addresses = new ArrayList<>();
    List<Bytes32> topics = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) { // more distinct values than the memo holds: slots get overwritten
      addresses.add(new Address(Bytes.wrap(randomBytes(rnd, 20))));
      topics.add(Bytes32.wrap(randomBytes(rnd, 32)));
    }
    for (int block = 0; block < 200; block++) {
      List<Log> logs = new ArrayList<>();
      int n = 1 + rnd.nextInt(8);
      for (int i = 0; i < n; i++) {
        // a few hot values (as market orders repeat the Transfer topic and one token) and many cold ones
        Address a = addresses.get(rnd.nextBoolean() ? rnd.nextInt(3) : rnd.nextInt(addresses.size()));
        List<Bytes32> t = new ArrayList<>();
        for (int k = rnd.nextInt(4); k > 0; k--) {
          t.add(topics.get(rnd.nextBoolean() ? rnd.nextInt(3) : rnd.nextInt(topics.size())));
        }
        logs.add(new Log(a, t, Bytes.EMPTY));
      }
      Bytes bloom = LogsBloom.of(logs);
      assertEquals(reference(logs), bloom, "block " + block);
      for (Log log : logs) {
        assertTrue(LogsBloom.mightContain(bloom, log.address().bytes()));
      }
    }
    assertEquals(LogsBloom.EMPTY, LogsBloom.of(List.of()));
  }

  private static byte[] randomBytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }
}
