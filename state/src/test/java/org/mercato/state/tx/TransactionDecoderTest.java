package org.mercato.state.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Wei;

class TransactionDecoderTest {
  private final TransactionDecoder decoder = new TransactionDecoder(Secp256k1s.best());
  private final TransactionSigner signer = new TransactionSigner(Secp256k1s.best());

  private Transaction sample(long nonce) {
    return signer.sign(UnsignedTransaction.dynamicFee(31337, nonce, Wei.of(1), Wei.of(100), 50_000, TransactionRoundTripTest.TO,
        Wei.of(7), Bytes.fromHexString("0x0102"), TransactionRoundTripTest.ACCESS_LIST), TransactionRoundTripTest.KEY);
  }

  @Test
  void neverThrowsOnRandomTruncatedOrMutatedInput() {
    Random rnd = new Random(7);
    List<Bytes> seeds = List.of(
        sample(1).encoded(),
        signer.sign(UnsignedTransaction.legacy(31337, 2, Wei.of(5), 21_000, TransactionRoundTripTest.TO, Wei.of(1), Bytes.EMPTY),
            TransactionRoundTripTest.KEY).encoded(),
        signer.sign(UnsignedTransaction.accessList(31337, 2, Wei.of(5), 30_000, TransactionRoundTripTest.TO, Wei.of(1), Bytes.EMPTY,
            TransactionRoundTripTest.ACCESS_LIST), TransactionRoundTripTest.KEY).encoded());
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      Bytes seed = seeds.get(i % seeds.size());
      byte[] b;
      switch (i % 4) {
        case 0 -> { // truncated
          b = seed.slice(0, rnd.nextInt(seed.size())).toArray();
        }
        case 1 -> { // one to three bytes mutated
          b = seed.toArray();
          for (int k = 0; k <= rnd.nextInt(3); k++) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
          }
        }
        case 2 -> { // pure noise, sometimes with a plausible first byte
          b = new byte[rnd.nextInt(200)];
          rnd.nextBytes(b);
          if (b.length > 0 && rnd.nextBoolean()) {
            b[0] = (byte) (new int[] {0x01, 0x02, 0xf8, 0xc5})[rnd.nextInt(4)];
          }
        }
        default -> { // extra bytes appended
          byte[] extra = new byte[1 + rnd.nextInt(4)];
          rnd.nextBytes(extra);
          b = Bytes.concatenate(seed, Bytes.wrap(extra)).toArray();
        }
      }
      DecodeResult r = decoder.decode(Bytes.wrap(b)); // must not throw
      if (r.isOk()) {
        // a strict prefix or a suffix-extended copy of a valid encoding can never itself be valid
        assertTrue(i % 4 == 1 || i % 4 == 2, "accepted a truncated or extended encoding, case " + i);
        accepted++;
        // whatever decodes must be canonical: its encoding is the input and re-decodes the same
        assertEquals(Bytes.wrap(b), r.transaction().orElseThrow().encoded());
      } else {
        assertFalse(r.errorMessage().isEmpty());
      }
    }
    // a mutated r, s or payload byte usually still recovers *some* sender: that is ECDSA, not laxness
    assertTrue(accepted > 0, "the invariants above were never exercised");
    assertEquals(Optional.of(TransactionRejection.MALFORMED), decoder.decode(Bytes.EMPTY).rejection());
    assertEquals(Optional.of(TransactionRejection.MALFORMED), decoder.decode(null).rejection());
  }

  @Test
  void trailingBytesAreRefused() {
    Bytes good = sample(1).encoded();
    DecodeResult r = decoder.decode(Bytes.concatenate(good, Bytes.of(0)));
    assertEquals(Optional.of(TransactionRejection.MALFORMED), r.rejection());
    assertTrue(r.detail().contains("trailing"), r.detail());
  }

  @Test
  void unknownTypeBytesAreUnsupported() {
    for (int t : new int[] {0x00, 0x03, 0x04, 0x7f, 0x80, 0xb8}) {
      Bytes raw = Bytes.concatenate(Bytes.of(t), sample(1).encoded().slice(1));
      assertEquals(Optional.of(TransactionRejection.UNSUPPORTED_TYPE), decoder.decode(raw).rejection(), "type " + t);
    }
  }

  @Test
  void fieldDetailsNameTheField() {
    // legacy with a 2-byte nonce 0x0001 (leading zero)
    DecodeResult r = decoder.decode(legacy(w -> w.writeValue(Bytes.fromHexString("0x0001")), Bytes.fromHexString("0x01"), 27));
    assertEquals(Optional.of(TransactionRejection.MALFORMED), r.rejection());
    assertTrue(r.detail().contains("nonce"), r.detail());
    // gasLimit of 9 bytes does not fit u64
    r = decoder.decode(legacyWithGasLimit(Bytes.fromHexString("0x010000000000000000")));
    assertEquals(Optional.of(TransactionRejection.MALFORMED), r.rejection());
    assertTrue(r.detail().contains("gasLimit"), r.detail());
    // a 19-byte address
    r = decoder.decode(legacyWithTo(Bytes.wrap(new byte[19])));
    assertEquals(Optional.of(TransactionRejection.MALFORMED), r.rejection());
    assertTrue(r.detail().contains("to"), r.detail());
  }

  @Test
  void emptyToDecodesAsContractCreationAndValidationRefusesIt() {
    Transaction creation = signer.sign(new UnsignedTransaction(TransactionType.LEGACY, 31337, 0, Wei.of(1), Wei.of(1), 100_000,
        Optional.empty(), Wei.ZERO, Bytes.fromHexString("0x6000"), List.of()), TransactionRoundTripTest.KEY);
    DecodeResult r = decoder.decode(creation.encoded());
    assertTrue(r.isOk(), r.errorMessage());
    assertEquals(Optional.empty(), r.transaction().orElseThrow().to());
    assertEquals(Optional.of(TransactionRejection.CONTRACT_CREATION_UNSUPPORTED),
        new TransactionValidator(31337, 30_000_000).validate(r.transaction().orElseThrow()).rejection());
  }

  @Test
  void signatureRulesAreEnforced() {
    BigInteger n = Signature.CURVE_ORDER;
    Transaction tx = sample(1);
    Signature good = tx.signature();
    TxBody body = tx.body();
    assertEquals(Optional.of(TransactionRejection.INVALID_SIGNATURE),
        decoder.decode(TransactionEncoding.encodeSigned(body, new Signature(good.r(), n.subtract(good.s()), good.recId() ^ 1))).rejection(),
        "high s");
    assertEquals(Optional.of(TransactionRejection.INVALID_SIGNATURE),
        decoder.decode(TransactionEncoding.encodeSigned(body, new Signature(BigInteger.ZERO, good.s(), 0))).rejection(), "r = 0");
    assertEquals(Optional.of(TransactionRejection.INVALID_SIGNATURE),
        decoder.decode(TransactionEncoding.encodeSigned(body, new Signature(n, good.s(), 0))).rejection(), "r = n");
    assertEquals(Optional.of(TransactionRejection.INVALID_SIGNATURE),
        decoder.decode(TransactionEncoding.encodeSigned(body, new Signature(good.r(), BigInteger.ZERO, 0))).rejection(), "s = 0");
    // r = 5 is no point's x: valid range, but nothing recovers
    assertEquals(Optional.of(TransactionRejection.INVALID_SENDER),
        decoder.decode(TransactionEncoding.encodeSigned(body, new Signature(BigInteger.valueOf(5), BigInteger.ONE, 0))).rejection());
    // legacy v of 29 names no chain
    assertEquals(Optional.of(TransactionRejection.INVALID_SIGNATURE),
        decoder.decode(legacy(w -> w.writeValue(Bytes.EMPTY), Bytes.fromHexString("0x01"), 29)).rejection());
  }

  @Test
  void decodeAllPreservesOrderAcrossThreads() throws Exception {
    List<Bytes> raws = new ArrayList<>();
    List<Transaction> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      if (i % 37 == 5) {
        raws.add(Bytes.fromHexString("0x02c0"));
        expected.add(null);
      } else {
        Transaction tx = sample(i);
        raws.add(tx.encoded());
        expected.add(tx);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<DecodeResult> results = decoder.decodeAll(raws, pool);
      assertEquals(raws.size(), results.size());
      for (int i = 0; i < raws.size(); i++) {
        if (expected.get(i) == null) {
          assertFalse(results.get(i).isOk());
        } else {
          assertEquals(expected.get(i).hash(), results.get(i).transaction().orElseThrow().hash(), "position " + i);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  private static Bytes legacy(Consumer<RLPWriter> nonce, Bytes gasLimitish, long v) {
    return RLP.encodeList(w -> {
      nonce.accept(w);
      w.writeValue(Bytes.of(1));
      w.writeValue(Bytes.fromHexString("0x5208"));
      w.writeValue(TransactionRoundTripTest.TO.bytes());
      w.writeValue(gasLimitish);
      w.writeValue(Bytes.EMPTY);
      w.writeValue(TransactionEncoding.u64(v));
      w.writeValue(Bytes.fromHexString("0x98ff921201554726367d2be8c804a7ff89ccf285ebc57dff8ae4c44b9c19ac4a"));
      w.writeValue(Bytes.fromHexString("0x1887321be575c8095f789dd4c743dfe42c1820f9231f98a962b210e3ac2452a3"));
    });
  }

  private static Bytes legacyWithGasLimit(Bytes gasLimit) {
    return RLP.encodeList(w -> {
      w.writeValue(Bytes.EMPTY);
      w.writeValue(Bytes.of(1));
      w.writeValue(gasLimit);
      w.writeValue(TransactionRoundTripTest.TO.bytes());
      w.writeValue(Bytes.EMPTY);
      w.writeValue(Bytes.EMPTY);
      w.writeValue(Bytes.of(27));
      w.writeValue(Bytes.of(1));
      w.writeValue(Bytes.of(1));
    });
  }

  private static Bytes legacyWithTo(Bytes to) {
    return RLP.encodeList(w -> {
      w.writeValue(Bytes.EMPTY);
      w.writeValue(Bytes.of(1));
      w.writeValue(Bytes.fromHexString("0x5208"));
      w.writeValue(to);
      w.writeValue(Bytes.EMPTY);
      w.writeValue(Bytes.EMPTY);
      w.writeValue(Bytes.of(27));
      w.writeValue(Bytes.fromHexString("0x98ff921201554726367d2be8c804a7ff89ccf285ebc57dff8ae4c44b9c19ac4a"));
      w.writeValue(Bytes.fromHexString("0x1887321be575c8095f789dd4c743dfe42c1820f9231f98a962b210e3ac2452a3"));
    });
  }
}
