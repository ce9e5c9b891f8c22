package org.mercato.state.crypto.hd;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import org.apache.tuweni.bytes.Bytes;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * BIP-39 mnemonic to seed: PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" + passphrase, both
 * NFKD-normalised. The word list and checksum are not checked: any phrase yields a seed, which is
 * all dev-account derivation needs (a typo gives different accounts, not an error).
 */
public final class Bip39 {
  private static final int ROUNDS = 2048;

  private Bip39() {}

  /** The 64-byte seed. */
  public static Bytes seed(String mnemonic, String passphrase) {
    byte[] password = nfkd(mnemonic).getBytes(StandardCharsets.UTF_8);
    byte[] salt = nfkd("mnemonic" + passphrase).getBytes(StandardCharsets.UTF_8);
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA512Digest());
    generator.init(password, salt, ROUNDS);
    return Bytes.wrap(((KeyParameter) generator.generateDerivedParameters(512)).getKey());
  }

  private static String nfkd(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKD);
  }
}
