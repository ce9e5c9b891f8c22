package org.mercato.state.crypto.hd;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Signature;

/** A BIP-32 extended private key (key and chain code) on secp256k1. */
public record ExtendedPrivateKey(PrivateKey key, Bytes32 chainCode) {
  private static final byte[] MASTER_KEY = "Bitcoin seed".getBytes(StandardCharsets.US_ASCII);
  private static final BigInteger N = Signature.CURVE_ORDER;

  public static ExtendedPrivateKey master(Bytes seed) {
    byte[] i = hmacSha512(MASTER_KEY, seed.toArrayUnsafe());
    return fromHmac(i, BigInteger.ZERO);
  }

  /** Child {@code index} (hardened if bit 31 is set); needs the curve for the parent public key. */
  public ExtendedPrivateKey child(int index, Secp256k1 curve) {
    byte[] data = new byte[37];
    if ((index & DerivationPath.HARDENED) != 0) {
      data[0] = 0;
      System.arraycopy(key.bytes().toArrayUnsafe(), 0, data, 1, 32);
    } else {
      System.arraycopy(compressedPublicKey(curve), 0, data, 0, 33);
    }
    data[33] = (byte) (index >>> 24);
    data[34] = (byte) (index >>> 16);
    data[35] = (byte) (index >>> 8);
    data[36] = (byte) index;
    return fromHmac(hmacSha512(chainCode.toArrayUnsafe(), data), key.toBigInteger());
  }

  public ExtendedPrivateKey derive(DerivationPath path, Secp256k1 curve) {
    ExtendedPrivateKey k = this;
    for (int index : path.indexes()) {
      k = k.child(index, curve);
    }
    return k;
  }

  private byte[] compressedPublicKey(Secp256k1 curve) {
    byte[] pub = curve.publicKey(key).toArray();
    byte[] out = new byte[33];
    out[0] = (byte) ((pub[63] & 1) == 0 ? 0x02 : 0x03);
    System.arraycopy(pub, 0, out, 1, 32);
    return out;
  }

  private static ExtendedPrivateKey fromHmac(byte[] i, BigInteger parentKey) {
    BigInteger il = new BigInteger(1, java.util.Arrays.copyOfRange(i, 0, 32));
    BigInteger k = il.add(parentKey).mod(N);
    if (il.compareTo(N) >= 0 || k.signum() == 0) {
      // BIP-32: probability below 2^-127; the caller is to use the next index.
      throw new IllegalStateException("BIP-32 derivation produced an invalid key; use the next index");
    }
    return new ExtendedPrivateKey(PrivateKey.fromBigInteger(k), Bytes32.wrap(java.util.Arrays.copyOfRange(i, 32, 64)));
  }

  private static byte[] hmacSha512(byte[] key, byte[] data) {
    HMac mac = new HMac(new SHA512Digest());
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] out = new byte[64];
    mac.doFinal(out, 0);
    return out;
  }

  @Override
  public String toString() {
    return "ExtendedPrivateKey[redacted]";
  }
}
