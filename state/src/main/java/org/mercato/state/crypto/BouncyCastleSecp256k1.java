package org.mercato.state.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.mercato.state.types.Hash;

/**
 * Pure-Java secp256k1 on BouncyCastle's custom curve (specialised field arithmetic and GLV
 * endomorphism), about a third of the native library's speed. It is the fallback when the native
 * library cannot load, and the reference the native one is tested against.
 */
public final class BouncyCastleSecp256k1 implements Secp256k1 {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECPoint G = PARAMS.getG();
  private static final BigInteger N = PARAMS.getN();

  private final FixedPointCombMultiplier baseMultiplier = new FixedPointCombMultiplier();

  @Override
  public Signature sign(Hash messageHash, PrivateKey key) {
    BigInteger d = key.toBigInteger();
    byte[] message = messageHash.bytes().toArrayUnsafe();
    BigInteger e = new BigInteger(1, message);
    HMacDSAKCalculator kCalculator = new HMacDSAKCalculator(new SHA256Digest());
    kCalculator.init(N, d, message);
    while (true) {
      BigInteger k = kCalculator.nextK();
      ECPoint point = baseMultiplier.multiply(G, k).normalize();
      BigInteger rx = point.getAffineXCoord().toBigInteger();
      BigInteger r = rx.mod(N);
      if (r.signum() == 0) {
        continue;
      }
      BigInteger s = k.modInverse(N).multiply(e.add(d.multiply(r))).mod(N);
      if (s.signum() == 0) {
        continue;
      }
      if (rx.compareTo(N) >= 0) {
        // R.x wrapped past n (probability ~2^-128): Ethereum's recovery ids 0/1 cannot express it.
        continue;
      }
      int recId = point.getAffineYCoord().testBitZero() ? 1 : 0;
      if (s.compareTo(Signature.HALF_CURVE_ORDER) > 0) {
        s = N.subtract(s);
        recId ^= 1; // negating s is signing with -k, whose R has the other y
      }
      return new Signature(r, s, recId);
    }
  }

  @Override
  public Optional<Bytes> recoverPublicKey(Hash messageHash, Signature signature) {
    if (!signature.isCanonical()) {
      return Optional.empty();
    }
    BigInteger r = signature.r();
    BigInteger s = signature.s();
    ECPoint bigR;
    try {
      byte[] compressed = new byte[33];
      compressed[0] = (byte) (signature.recId() == 1 ? 0x03 : 0x02);
      byte[] x = Bytes.wrap(r.toByteArray()).trimLeadingZeros().toArrayUnsafe();
      System.arraycopy(x, 0, compressed, 33 - x.length, x.length);
      bigR = CURVE.decodePoint(compressed);
    } catch (IllegalArgumentException notOnCurve) {
      return Optional.empty();
    }
    BigInteger e = new BigInteger(1, messageHash.bytes().toArrayUnsafe());
    BigInteger rInv = r.modInverse(N);
    BigInteger u1 = N.subtract(e).multiply(rInv).mod(N);
    BigInteger u2 = s.multiply(rInv).mod(N);
    // Q = r^-1 (s R - e G); secp256k1 has cofactor 1, so every curve point is in the group.
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(G, u1, bigR, u2).normalize();
    if (q.isInfinity()) {
      return Optional.empty();
    }
    return Optional.of(Bytes.wrap(q.getEncoded(false), 1, 64));
  }

  @Override
  public Bytes publicKey(PrivateKey key) {
    ECPoint q = baseMultiplier.multiply(G, key.toBigInteger()).normalize();
    return Bytes.wrap(q.getEncoded(false), 1, 64);
  }

  @Override
  public String name() {
    return "BouncyCastle";
  }
}
