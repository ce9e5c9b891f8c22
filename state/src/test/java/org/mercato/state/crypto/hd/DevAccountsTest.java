package org.mercato.state.crypto.hd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.BouncyCastleSecp256k1;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.types.Address;

class DevAccountsTest {
  @Test
  void hardhatAccountsMatchTheWellKnownOnes() {
    List<KeyPair> accounts = DevAccounts.derive(DevAccounts.HARDHAT_MNEMONIC, 20);
    assertEquals(20, accounts.size());
    assertEquals(Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), accounts.get(0).address());
    assertEquals(PrivateKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"), accounts.get(0).privateKey());
    assertEquals(Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), accounts.get(1).address());
    assertEquals(PrivateKey.fromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"), accounts.get(1).privateKey());
    assertEquals(Address.fromHex("0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199"), accounts.get(19).address());
    assertEquals("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", accounts.get(0).address().toChecksumHex());
  }

  @Test
  void bouncyCastleDerivesTheSameAccounts() {
    assertEquals(DevAccounts.derive(DevAccounts.HARDHAT_MNEMONIC, 3),
        DevAccounts.derive(DevAccounts.HARDHAT_MNEMONIC, "", 3, new BouncyCastleSecp256k1()));
  }

  @Test
  void passphraseChangesTheAccounts() {
    assertNotEquals(DevAccounts.derive(DevAccounts.HARDHAT_MNEMONIC, 1),
        DevAccounts.derive(DevAccounts.HARDHAT_MNEMONIC, "x", 1, Secp256k1s.best()));
  }

  @Test
  void bip39SeedMatchesTrezorVector() {
    // trezor/python-mnemonic vectors.json, first English entry (passphrase "TREZOR")
    assertEquals(Bytes.fromHexString("0xc55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"),
        Bip39.seed("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "TREZOR"));
  }

  @Test
  void bip32TestVector1() {
    // BIP-32 test vector 1: seed 000102...0f, chain m/0'/1/2'/2/1000000000
    ExtendedPrivateKey master = ExtendedPrivateKey.master(Bytes.fromHexString("0x000102030405060708090a0b0c0d0e0f"));
    assertEquals(PrivateKey.fromHex("0xe8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"), master.key());
    ExtendedPrivateKey leaf = master.derive(DerivationPath.parse("m/0'/1/2'/2/1000000000"), Secp256k1s.best());
    assertEquals(PrivateKey.fromHex("0x471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8"), leaf.key());
  }

  @Test
  void pathsParseAndPrint() {
    DerivationPath p = DerivationPath.parse("m/44'/60'/0'/0/7");
    assertEquals("m/44'/60'/0'/0/7", p.toString());
    assertEquals(DerivationPath.ETHEREUM_ACCOUNTS.child(7), p);
    assertThrows(IllegalArgumentException.class, () -> DerivationPath.parse("44'/60'"));
    assertThrows(IllegalArgumentException.class, () -> DerivationPath.parse("m/2147483648"));
    assertThrows(IllegalArgumentException.class, () -> DerivationPath.parse("m/x"));
  }
}
