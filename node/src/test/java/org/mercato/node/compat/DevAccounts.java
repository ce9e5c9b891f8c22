package org.mercato.node.compat;

import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.utils.Numeric;

/**
 * The dev chain's accounts: m/44'/60'/0'/0/i of the well-known test mnemonic, as Anvil, Hardhat and
 * {@code mercato dev} derive them. Accounts #1..#8 belong to the web3j suite, #9..#19 to the
 * ethers suite in compat/ (see compat/README.md), #0 is left free.
 */
public final class DevAccounts {
  public static final String MNEMONIC = "test test test test test test test test test test test junk";
  /** The first and last dev accounts the web3j suite may send from. */
  public static final int WEB3J_FIRST = 1;

  public static final int WEB3J_LAST = 8;

  private static final int H = Bip32ECKeyPair.HARDENED_BIT;

  private DevAccounts() {}

  /** The seed is slow to stretch (PBKDF2), so it is made once. */
  private static final class Master {
    static final Bip32ECKeyPair KEY = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));
  }

  /** The private key (0x-prefixed, 32 bytes) of dev account #index. */
  public static String privateKey(int index) {
    Bip32ECKeyPair key = Bip32ECKeyPair.deriveKeyPair(Master.KEY, new int[] {44 | H, 60 | H, H, 0, index});
    return Numeric.toHexStringWithPrefixZeroPadded(key.getPrivateKey(), 64);
  }

  /** Dev account #index as web3j credentials. */
  public static Credentials credentials(int index) {
    return Credentials.create(privateKey(index));
  }

  /** The private keys of the accounts reserved for the web3j suite, #1..#8 in order. */
  public static List<String> web3jKeys() {
    List<String> keys = new ArrayList<>();
    for (int i = WEB3J_FIRST; i <= WEB3J_LAST; i++) {
      keys.add(privateKey(i));
    }
    return keys;
  }
}
