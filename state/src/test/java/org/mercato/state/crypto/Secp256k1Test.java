package org.mercato.state.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

class Secp256k1Test {
  private static final BigInteger N = Signature.CURVE_ORDER;
  private final Secp256k1 bc = new BouncyCastleSecp256k1();
  private final Secp256k1 nat = new NativeSecp256k1();

  @Test
  void nativeAndBouncyCastleAgreeOnRandomKeysAndMessages() {
    Random seeded = new Random(20261128);
    SecureRandom keys = deterministic(seeded);
    for (int i = 0; i < 300; i++) {
      PrivateKey key = PrivateKey.random(keys);
      byte[] msg = new byte[32];
      seeded.nextBytes(msg);
      Hash hash = Hash.wrap(Bytes.wrap(msg));

      Bytes pub = bc.publicKey(key);
      assertEquals(pub, nat.publicKey(key));
      Signature s1 = bc.sign(hash, key);
      Signature s2 = nat.sign(hash, key);
      assertEquals(s1, s2, "signature of sample " + i);
      assertEquals(s1, nat.sign(hash, KeyPair.of(key, nat)));
      assertTrue(s1.isCanonical());
      assertEquals(Optional.of(pub), bc.recoverPublicKey(hash, s1));
      assertEquals(Optional.of(pub), nat.recoverPublicKey(hash, s1));

      // the other recovery id yields some other key (or none): both libraries must agree on which
      Signature flipped = new Signature(s1.r(), s1.s(), s1.recId() ^ 1);
      Optional<Bytes> other = bc.recoverPublicKey(hash, flipped);
      assertEquals(other, nat.recoverPublicKey(hash, flipped));
      assertFalse(other.equals(Optional.of(pub)));
    }
  }

  @Test
  void signingIsDeterministic() {
    PrivateKey key = PrivateKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    Hash hash = Keccak.hash(Bytes.fromHexString("0x01"));
    assertEquals(bc.sign(hash, key), bc.sign(hash, key));
    assertEquals(nat.sign(hash, key), nat.sign(hash, key));
  }

  @Test
  void knownVectorFromEip155() {
    // EIP-155's example: key 0x4646..46, signing hash of the example transaction, r and s given in the EIP.
    PrivateKey key = PrivateKey.fromHex("0x4646464646464646464646464646464646464646464646464646464646464646");
    Hash signingHash = Hash.fromHex("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    Signature expected = new Signature(
        new BigInteger("18515461264373351373200002665853028612451056578545711640558177340181847433846"),
        new BigInteger("46948507304638947509940763649030358759909902576025900602547168820602576006531"),
        0);
    assertEquals(expected, bc.sign(signingHash, key));
    assertEquals(expected, nat.sign(signingHash, key));
    assertEquals(Address.fromHex("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"), nat.recoverAddress(signingHash, expected).orElseThrow());
  }

  @Test
  void outOfRangeAndHighSSignaturesAreRejected() {
    PrivateKey key = PrivateKey.fromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    Hash hash = Keccak.hash(Bytes.fromHexString("0xdeadbeef"));
    Signature good = bc.sign(hash, key);

    assertInvalid(hash, new Signature(BigInteger.ZERO, good.s(), 0), SignatureDefect.R_OUT_OF_RANGE);
    assertInvalid(hash, new Signature(good.r(), BigInteger.ZERO, 0), SignatureDefect.S_OUT_OF_RANGE);
    assertInvalid(hash, new Signature(N, good.s(), 0), SignatureDefect.R_OUT_OF_RANGE);
    assertInvalid(hash, new Signature(N.add(BigInteger.ONE), good.s(), 0), SignatureDefect.R_OUT_OF_RANGE);
    assertInvalid(hash, new Signature(good.r(), N, 0), SignatureDefect.S_OUT_OF_RANGE);
    // (r, n-s) with the other recovery id is mathematically the same signature: EIP-2 refuses it
    Signature highS = new Signature(good.r(), N.subtract(good.s()), good.recId() ^ 1);
    assertInvalid(hash, highS, SignatureDefect.HIGH_S);
    assertEquals(Optional.of(SignatureDefect.HIGH_S), new Signature(BigInteger.ONE, Signature.HALF_CURVE_ORDER.add(BigInteger.ONE), 0).defect());
    assertTrue(new Signature(BigInteger.ONE, Signature.HALF_CURVE_ORDER, 0).isCanonical());
  }

  @Test
  void rWithNoCurvePointRecoversNothing() {
    // x = 5 is not the x coordinate of any secp256k1 point (5^3 + 7 = 132 is a non-residue mod p)
    Hash hash = Keccak.hash(Bytes.fromHexString("0x01"));
    Signature sig = new Signature(BigInteger.valueOf(5), BigInteger.ONE, 0);
    assertTrue(sig.isCanonical());
    assertEquals(Optional.empty(), bc.recoverPublicKey(hash, sig));
    assertEquals(Optional.empty(), nat.recoverPublicKey(hash, sig));
  }

  @Test
  void privateKeyRangeIsCheckedAndNeverPrinted() {
    PrivateKey key = PrivateKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    assertFalse(key.toString().toLowerCase().contains("ac0974"));
    assertFalse(KeyPair.of(key, bc).toString().toLowerCase().contains("ac0974"));
    assertThrows(() -> PrivateKey.of(Bytes32.ZERO));
    assertThrows(() -> PrivateKey.of(Bytes32.leftPad(Bytes.wrap(N.toByteArray()).trimLeadingZeros())));
    assertEquals(N.subtract(BigInteger.ONE), PrivateKey.fromBigInteger(N.subtract(BigInteger.ONE)).toBigInteger());
  }

  @Test
  void bestPicksTheNativeLibraryHere() {
    // The build machine ships linux-x86_64; if this fails the node silently runs 3x slower.
    assertInstanceOf(NativeSecp256k1.class, Secp256k1s.best());
  }

  private void assertInvalid(Hash hash, Signature sig, SignatureDefect defect) {
    assertEquals(Optional.of(defect), sig.defect());
    assertFalse(sig.isCanonical());
    assertEquals(Optional.empty(), bc.recoverPublicKey(hash, sig));
    assertEquals(Optional.empty(), nat.recoverPublicKey(hash, sig));
  }

  private static void assertThrows(Runnable r) {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
  }

  /** A SecureRandom-typed source that replays a seeded Random, so failures reproduce. */
  static SecureRandom deterministic(Random seeded) {
    return new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        seeded.nextBytes(bytes);
      }
    };
  }
}
