package org.mercato.state.crypto;

import org.mercato.state.types.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the secp256k1 implementation for this process: native if it loads and self-checks, else BouncyCastle. */
public final class Secp256k1s {
  private static final Logger LOG = LoggerFactory.getLogger(Secp256k1s.class);

  private Secp256k1s() {}

  /** The same instance on every call; the choice is made (and logged) once per process. */
  public static Secp256k1 best() {
    return Holder.BEST;
  }

  public static Secp256k1 bouncyCastle() {
    return new BouncyCastleSecp256k1();
  }

  private static final class Holder {
    static final Secp256k1 BEST = choose();
  }

  private static Secp256k1 choose() {
    BouncyCastleSecp256k1 reference = new BouncyCastleSecp256k1();
    try {
      NativeSecp256k1 candidate = new NativeSecp256k1();
      if (agrees(candidate, reference)) {
        LOG.info("secp256k1: using {}", candidate.name());
        return candidate;
      }
      // A second libsecp256k1 loaded elsewhere in the JVM can hijack symbols and yield wrong signatures.
      LOG.warn("secp256k1: native library loaded but disagrees with BouncyCastle; using {}", reference.name());
    } catch (LinkageError | RuntimeException e) {
      LOG.info("secp256k1: native library unavailable ({}); using {}", e.toString(), reference.name());
    }
    return reference;
  }

  private static boolean agrees(Secp256k1 candidate, Secp256k1 reference) {
    PrivateKey key = PrivateKey.fromHex("0x4646464646464646464646464646464646464646464646464646464646464646");
    Hash message = Keccak.hash("mercato secp256k1 self-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Signature expected = reference.sign(message, key);
    return candidate.sign(message, key).equals(expected)
        && candidate.publicKey(key).equals(reference.publicKey(key))
        && candidate.recoverPublicKey(message, expected).equals(reference.recoverPublicKey(message, expected));
  }
}
