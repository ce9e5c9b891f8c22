package org.mercato.market.data.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * The signed messages of docs/spec/data-market.md §Provider (download service) against vectors computed with ethers
 * v6 (an independent implementation: {@code solidityPackedKeccak256}, {@code hashMessage}, {@code Wallet.signMessage}),
 * with Hardhat account #0 signing for provider account #1:
 *
 * <pre>
 * h  = solidityPackedKeccak256(['string','uint256','address','bytes32','bytes32','uint256'],
 *        ['mercato-download', 31337, provider, zeroPadValue('0x01', 32), '0x' + '11'.repeat(32), 1700000000123n])
 * hu = solidityPackedKeccak256(same types, ['mercato-upload', 31337, provider, assetId, sha256("hello mercato\n"), 7n])
 * sig = await wallet.signMessage(getBytes(h))
 * </pre>
 */
class ProviderMessagesTest {
  private static final Secp256k1 CURVE = Secp256k1s.bouncyCastle();
  private static final PrivateKey KEY = PrivateKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  private static final Address SIGNER = Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  private static final Address PROVIDER = Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
  private static final Bytes32 ASSET = Bytes32.fromHexString("0x01");
  private static final Hash ORDER = Hash.fromHex("0x" + "11".repeat(32));

  private static final Hash DOWNLOAD_H = Hash.fromHex("0x10e3c8ed0c8b3315ba5e847b3b0768ae0997fe2393764262c7e2f7031e20d4f8");
  private static final Hash DOWNLOAD_PERSONAL = Hash.fromHex("0x23ca1e26b5b623c0e2745c4900f42cc092eaf2c72c41bf524dc2c205dc57ed8c");
  private static final Bytes DOWNLOAD_SIG = Bytes.fromHexString("0x106ccbc19263adb49f31cab10396cfcecbb74943447a279d66d5aed9ba2bb38d"
      + "6bda126d70ddd93e0fcd602f7c399c6161fd7390e05320e768cf290ea05e20131c");
  private static final Bytes32 CONTENT = Bytes32.fromHexString("0x5a75cbda8b2efcf440b2b0712e7b92e867bda22c401e23365ff6154442f24164");
  private static final Hash UPLOAD_H = Hash.fromHex("0x77f1970243ecfe7f3771d3509f6a334c597e31a2a0373b2012c6ea4ed9fd5cb0");
  private static final Hash UPLOAD_PERSONAL = Hash.fromHex("0x9ca8016b21cc1440fabfeb0279368eeb8707c5c55d9544f6f3619fe8cfae430b");
  private static final Bytes UPLOAD_SIG = Bytes.fromHexString("0x5cb66fbb88a06db3528e2e6dd959d3509247c6abb849e41a49fe79e7f8838b4e"
      + "569294176ca6f30c3a48803767b6e9a920b0c8d5a36aa9d6cc1b4c332a5e891b1b");

  @Test
  void downloadMessageMatchesEthers() {
    Hash h = ProviderMessages.download(31337, PROVIDER, ASSET, ORDER, 1_700_000_000_123L);
    assertEquals(DOWNLOAD_H, h);
    assertEquals(DOWNLOAD_PERSONAL, ProviderMessages.personal(h));
    assertEquals(Optional.of(SIGNER), EthSignatures.signer(CURVE, h, DOWNLOAD_SIG), "ethers' signature recovers the wallet");
  }

  @Test
  void uploadMessageMatchesEthersAndTheContentHashIsSha256() throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest("hello mercato\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(CONTENT, Bytes32.wrap(sha), "sha256sum of the file");
    Hash h = ProviderMessages.upload(31337, PROVIDER, ASSET, CONTENT, 7);
    assertEquals(UPLOAD_H, h);
    assertEquals(UPLOAD_PERSONAL, ProviderMessages.personal(h));
    assertEquals(Optional.of(SIGNER), EthSignatures.signer(CURVE, h, UPLOAD_SIG));
  }

  @Test
  void ourSignatureIsTheWalletsByteForByte() {
    // RFC 6979 makes ECDSA deterministic, so the project's signer and ethers agree exactly.
    Signature sig = CURVE.sign(ProviderMessages.personal(DOWNLOAD_H), KeyPair.of(KEY, CURVE));
    assertEquals(DOWNLOAD_SIG, EthSignatures.encode(sig));
  }

  @Test
  void everySignedFieldMatters() {
    long nonce = 1_700_000_000_123L;
    assertNotEquals(Optional.of(SIGNER), EthSignatures.signer(CURVE, ProviderMessages.download(1, PROVIDER, ASSET, ORDER, nonce), DOWNLOAD_SIG), "chain id");
    assertNotEquals(Optional.of(SIGNER), EthSignatures.signer(CURVE, ProviderMessages.download(31337, SIGNER, ASSET, ORDER, nonce), DOWNLOAD_SIG), "provider");
    assertNotEquals(Optional.of(SIGNER), EthSignatures.signer(CURVE, ProviderMessages.download(31337, PROVIDER, Bytes32.fromHexString("0x02"), ORDER, nonce), DOWNLOAD_SIG), "asset");
    assertNotEquals(Optional.of(SIGNER), EthSignatures.signer(CURVE, ProviderMessages.download(31337, PROVIDER, ASSET, Hash.ZERO, nonce), DOWNLOAD_SIG), "order");
    assertNotEquals(Optional.of(SIGNER), EthSignatures.signer(CURVE, ProviderMessages.download(31337, PROVIDER, ASSET, ORDER, nonce + 1), DOWNLOAD_SIG), "nonce");
    // The two messages are domain-separated: an upload signature never authorizes a download of the same words.
    assertNotEquals(ProviderMessages.download(31337, PROVIDER, ASSET, new Hash(CONTENT), 7), UPLOAD_H);
  }

  @Test
  void vZeroOneIsAcceptedHighSAndBadLengthsAreNot() {
    Bytes v01 = Bytes.concatenate(DOWNLOAD_SIG.slice(0, 64), Bytes.of(DOWNLOAD_SIG.get(64) - 27));
    assertEquals(Optional.of(SIGNER), EthSignatures.signer(CURVE, DOWNLOAD_H, v01), "v = 0/1 as some libraries emit");
    BigInteger s = new BigInteger(1, DOWNLOAD_SIG.slice(32, 32).toArrayUnsafe());
    BigInteger highS = Signature.CURVE_ORDER.subtract(s);
    Bytes malleated = Bytes.concatenate(DOWNLOAD_SIG.slice(0, 32), Bytes32.leftPad(Bytes.wrap(highS.toByteArray()).trimLeadingZeros()),
        Bytes.of(DOWNLOAD_SIG.get(64) == 27 ? 28 : 27));
    assertTrue(EthSignatures.parse(malleated).isEmpty(), "the high-s twin (EIP-2) is refused");
    assertTrue(EthSignatures.signer(CURVE, DOWNLOAD_H, DOWNLOAD_SIG.slice(0, 64)).isEmpty(), "64 bytes");
    assertTrue(EthSignatures.signer(CURVE, DOWNLOAD_H, Bytes.concatenate(DOWNLOAD_SIG.slice(0, 64), Bytes.of(29))).isEmpty(), "v = 29");
    assertTrue(EthSignatures.signer(CURVE, DOWNLOAD_H, Bytes.EMPTY).isEmpty());
  }
}
