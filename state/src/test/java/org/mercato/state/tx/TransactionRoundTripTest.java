package org.mercato.state.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.BouncyCastleSecp256k1;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

class TransactionRoundTripTest {
  static final PrivateKey KEY = PrivateKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  static final Address KEY_ADDRESS = Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  static final Address TO = Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
  static final List<AccessListEntry> ACCESS_LIST = List.of(
      new AccessListEntry(TO, List.of(Bytes32.ZERO, Bytes32.fromHexString("0x01"))),
      new AccessListEntry(KEY_ADDRESS, List.of()));

  private final Secp256k1 curve = Secp256k1s.best();
  private final TransactionSigner signer = new TransactionSigner(curve);
  private final TransactionDecoder decoder = new TransactionDecoder(curve);

  static Stream<UnsignedTransaction> envelopes() {
    Bytes data = Bytes.fromHexString("0x00a9059cbb0000");
    return Stream.of(
        UnsignedTransaction.legacy(31337, 0, Wei.of(1_000_000_000), 21_000, TO, Wei.coins(1), Bytes.EMPTY),
        UnsignedTransaction.legacy(1, 7, Wei.of(20_000_000_000L), 60_000, TO, Wei.ZERO, data),
        UnsignedTransaction.accessList(31337, 3, Wei.of(2_000_000_000), 80_000, TO, Wei.of(5), data, ACCESS_LIST),
        UnsignedTransaction.dynamicFee(31337, 42, Wei.of(1_500_000_000), Wei.of(30_000_000_000L), 100_000, TO, Wei.coins(3), data, ACCESS_LIST),
        UnsignedTransaction.transfer(31337, 0xffff_ffffL, Wei.ZERO, Wei.of(1), TO, Wei.of(1)),
        // the unsigned 64-bit extremes survive encoding
        new UnsignedTransaction(TransactionType.DYNAMIC_FEE, Transaction.MAX_CHAIN_ID, -2L, Wei.ZERO, new Wei(Wei.MAX_UINT256), -1L,
            Optional.of(TO), new Wei(Wei.MAX_UINT256), Bytes.EMPTY, List.of()));
  }

  @ParameterizedTest
  @MethodSource("envelopes")
  void signEncodeDecodeGivesTheSameTransaction(UnsignedTransaction u) {
    Transaction signed = signer.sign(u, KEY);
    assertEquals(KEY_ADDRESS, signed.sender());
    assertEquals(Keccak.hash(signed.encoded()), signed.hash());

    DecodeResult r = decoder.decode(signed.encoded());
    assertTrue(r.isOk(), r.errorMessage());
    Transaction d = r.transaction().orElseThrow();
    assertEquals(signed.hash(), d.hash());
    assertEquals(signed.encoded(), d.encoded());
    assertEquals(KEY_ADDRESS, d.sender());
    assertEquals(u.type(), d.type());
    assertEquals(u.chainId(), d.chainId().getAsLong());
    assertEquals(u.nonce(), d.nonce());
    assertEquals(u.maxPriorityFeePerGas(), d.maxPriorityFeePerGas());
    assertEquals(u.maxFeePerGas(), d.maxFeePerGas());
    assertEquals(u.gasLimit(), d.gasLimit());
    assertEquals(u.to(), d.to());
    assertEquals(u.value(), d.value());
    assertEquals(u.data(), d.data());
    assertEquals(u.accessList(), d.accessList());
    assertEquals(signed.signature(), d.signature());
    assertEquals(signed.v(), d.v());
  }

  @Test
  void legacyUsesEip155V() {
    Transaction tx = signer.sign(UnsignedTransaction.legacy(31337, 0, Wei.of(1), 21_000, TO, Wei.ZERO, Bytes.EMPTY), KEY);
    assertEquals(31337L * 2 + 35 + tx.signature().recId(), tx.v());
    assertTrue(tx.encoded().get(0) < 0 && (tx.encoded().get(0) & 0xff) >= 0xc0, "legacy is a bare RLP list");
  }

  @Test
  void eip155ExampleFromTheEip() {
    // EIP-155's worked example, byte for byte
    Transaction tx = new TransactionSigner(new BouncyCastleSecp256k1()).sign(
        UnsignedTransaction.legacy(1, 9, Wei.of(20_000_000_000L), 21_000, Address.fromHex("0x3535353535353535353535353535353535353535"),
            Wei.ONE_COIN, Bytes.EMPTY),
        PrivateKey.fromHex("0x4646464646464646464646464646464646464646464646464646464646464646"));
    assertEquals(Bytes.fromHexString("0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"),
        tx.encoded());
  }

  @Test
  void signatureForChain1IsRefusedOnChain31337() {
    Transaction forMainnet = signer.sign(UnsignedTransaction.transfer(1, 0, Wei.of(1), Wei.of(10), TO, Wei.of(1)), KEY);
    Transaction legacyForMainnet = signer.sign(UnsignedTransaction.legacy(1, 0, Wei.of(10), 21_000, TO, Wei.of(1), Bytes.EMPTY), KEY);
    TransactionValidator local = new TransactionValidator(31337, 30_000_000);
    for (Transaction tx : List.of(forMainnet, legacyForMainnet)) {
      Transaction decoded = decoder.decode(tx.encoded()).transaction().orElseThrow();
      ValidationResult r = local.validate(decoded);
      assertEquals(Optional.of(TransactionRejection.INVALID_CHAIN_ID), r.rejection());
      assertTrue(r.detail().contains("chain 1"), r.detail());
      assertTrue(new TransactionValidator(1, 30_000_000).validate(decoded).isOk());
    }
  }

  @Test
  void relabellingTheChainIdDoesNotKeepTheSender() {
    // The chain id is signed over: the same signature on a body relabelled for 31337 recovers someone else.
    Transaction tx = signer.sign(UnsignedTransaction.transfer(1, 0, Wei.of(1), Wei.of(10), TO, Wei.of(1)), KEY);
    TxBody relabelled = new UnsignedTransaction(TransactionType.DYNAMIC_FEE, 31337, 0, Wei.of(1), Wei.of(10), 21_000,
        Optional.of(TO), Wei.of(1), Bytes.EMPTY, List.of()).body();
    DecodeResult r = decoder.decode(TransactionEncoding.encodeSigned(relabelled, tx.signature()));
    if (r.isOk()) {
      assertTrue(!r.transaction().orElseThrow().sender().equals(KEY_ADDRESS));
    } else {
      assertEquals(Optional.of(TransactionRejection.INVALID_SENDER), r.rejection());
    }
  }
}
