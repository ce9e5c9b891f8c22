package org.mercato.state.crypto.hd;

import java.util.ArrayList;
import java.util.List;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;

/**
 * The accounts wallets derive from a mnemonic at m/44'/60'/0'/0/i (MetaMask, Hardhat, Anvil).
 * With Hardhat's "test test ... junk" mnemonic these are the well-known funded dev accounts.
 */
public final class DevAccounts {
  public static final String HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

  private DevAccounts() {}

  public static List<KeyPair> derive(String mnemonic, int count) {
    return derive(mnemonic, "", count, Secp256k1s.best());
  }

  public static List<KeyPair> derive(String mnemonic, String passphrase, int count, Secp256k1 curve) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0");
    }
    ExtendedPrivateKey accounts = ExtendedPrivateKey.master(Bip39.seed(mnemonic, passphrase)).derive(DerivationPath.ETHEREUM_ACCOUNTS, curve);
    List<KeyPair> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(KeyPair.of(accounts.child(i, curve).key(), curve));
    }
    return out;
  }
}
