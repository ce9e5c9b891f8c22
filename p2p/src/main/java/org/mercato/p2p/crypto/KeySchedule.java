package org.mercato.p2p.crypto;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import java.nio.charset.StandardCharsets;

/** The handshake's key schedule, docs/spec/p2p.md §2.2. Pure: the same inputs give the same keys. */
public final class KeySchedule {
  static final byte[] TRANSCRIPT_LABEL = "mercato-p2p-v1/transcript".getBytes(StandardCharsets.US_ASCII);
  static final byte[] KEYS_LABEL = "mercato-p2p-v1/keys".getBytes(StandardCharsets.US_ASCII);

  private KeySchedule() {}

  /**
   * Derives this side's session keys from its ephemeral key and the peer's ephemeral public key;
   * empty if the peer's key is our own (a reflected hello) or gives an all-zero secret.
   */
  public static Optional<SessionKeys> derive(EphemeralKey ours, byte[] theirPublic) {
    byte[] ourPublic = ours.publicKey();
    if (theirPublic.length != EphemeralKey.SIZE || Arrays.equals(ourPublic, theirPublic)) {
      return Optional.empty();
    }
    Optional<byte[]> dh = ours.agree(theirPublic);
    if (dh.isEmpty()) {
      return Optional.empty();
    }
    boolean weAreLo = Arrays.compareUnsigned(ourPublic, theirPublic) < 0;
    byte[] lo = weAreLo ? ourPublic : theirPublic;
    byte[] hi = weAreLo ? theirPublic : ourPublic;

    SHA256Digest sha = new SHA256Digest();
    sha.update(TRANSCRIPT_LABEL, 0, TRANSCRIPT_LABEL.length);
    sha.update(lo, 0, lo.length);
    sha.update(hi, 0, hi.length);
    byte[] transcript = new byte[32];
    sha.doFinal(transcript, 0);

    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(dh.get(), transcript, KEYS_LABEL));
    byte[] okm = new byte[96];
    hkdf.generateBytes(okm, 0, okm.length);
    Arrays.fill(dh.get(), (byte) 0);

    byte[] keyLo = Arrays.copyOfRange(okm, 0, 32);
    byte[] keyHi = Arrays.copyOfRange(okm, 32, 64);
    byte[] challenge = Arrays.copyOfRange(okm, 64, 96);
    Arrays.fill(okm, (byte) 0);
    return Optional.of(weAreLo
        ? new SessionKeys(keyLo, keyHi, challenge)
        : new SessionKeys(keyHi, keyLo, challenge));
  }
}
