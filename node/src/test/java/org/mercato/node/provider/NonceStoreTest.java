package org.mercato.node.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.types.Address;

/** The nonce rule of docs/spec/data-market.md §Provider (download service), "Nonces", on a real file. */
class NonceStoreTest {
  private static final Address A = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Address B = Address.fromHex("0x00000000000000000000000000000000000000bb");

  @TempDir
  Path dir;

  @Test
  void strictlyIncreasingPerAccount() {
    try (NonceStore s = new NonceStore(dir.resolve("nonces.log"))) {
      assertEquals(0, s.last(A), "no nonce yet");
      assertTrue(s.advance(A, 5));
      assertFalse(s.advance(A, 5), "equal: a replay");
      assertFalse(s.advance(A, 4), "lower");
      assertEquals(5, s.last(A));
      assertTrue(s.advance(B, 1), "accounts are independent");
      assertTrue(s.advance(A, 1_700_000_000_000L), "gaps are fine (timestamps as nonces)");
    }
  }

  @Test
  void survivesReopenAndIgnoresATornLastLine() throws IOException {
    Path f = dir.resolve("nonces.log");
    try (NonceStore s = new NonceStore(f)) {
      s.advance(A, 3);
      s.advance(A, 9);
      s.advance(B, 2);
    }
    // A crash in the middle of an append leaves half a line; that request was never answered.
    Files.writeString(f, A.toHex().substring(0, 17), StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
    try (NonceStore s = new NonceStore(f)) {
      assertEquals(9, s.last(A));
      assertEquals(2, s.last(B));
      assertFalse(s.advance(A, 9), "replay refused after restart");
      assertTrue(s.advance(A, 10));
    }
    assertEquals(2, Files.readAllLines(f).size() - 1, "compacted to one line per account on open, then one append");
    try (NonceStore s = new NonceStore(f)) {
      assertEquals(10, s.last(A));
    }
  }
}
