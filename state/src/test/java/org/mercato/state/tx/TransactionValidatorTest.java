package org.mercato.state.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

class TransactionValidatorTest {
  private static final long CHAIN = 31337;
  private final TransactionSigner signer = new TransactionSigner(Secp256k1s.best());
  private final TransactionDecoder decoder = new TransactionDecoder(Secp256k1s.best());
  private final TransactionValidator validator = new TransactionValidator(CHAIN, 1_000_000);
  private static final Address TO = TransactionRoundTripTest.TO;

  private Transaction sign(UnsignedTransaction u) {
    return signer.sign(u, TransactionRoundTripTest.KEY);
  }

  private Optional<TransactionRejection> reason(UnsignedTransaction u) {
    return validator.validate(sign(u)).rejection();
  }

  @Test
  void aPlainTransferPasses() {
    assertTrue(validator.validate(sign(UnsignedTransaction.transfer(CHAIN, 0, Wei.of(1), Wei.of(2), TO, Wei.of(3)))).isOk());
  }

  @Test
  void intrinsicGasCountsDataAndAccessList() {
    Bytes data = Bytes.fromHexString("0x0000ff01");
    List<AccessListEntry> al = List.of(new AccessListEntry(TO, List.of(Bytes32.ZERO, Bytes32.ZERO)), new AccessListEntry(TO, List.of()));
    long expected = 21_000 + 2 * 4 + 2 * 16 + 2 * 2_400 + 2 * 1_900;
    assertEquals(expected, IntrinsicGas.of(data, al));
    Transaction exact = sign(UnsignedTransaction.dynamicFee(CHAIN, 0, Wei.of(1), Wei.of(1), expected, TO, Wei.ZERO, data, al));
    assertTrue(validator.validate(exact).isOk());
    assertEquals(Optional.of(TransactionRejection.INTRINSIC_GAS_TOO_LOW),
        reason(UnsignedTransaction.dynamicFee(CHAIN, 0, Wei.of(1), Wei.of(1), expected - 1, TO, Wei.ZERO, data, al)));
  }

  @Test
  void eachRuleHasItsReason() {
    assertEquals(Optional.of(TransactionRejection.INVALID_CHAIN_ID),
        reason(UnsignedTransaction.transfer(1, 0, Wei.of(1), Wei.of(2), TO, Wei.of(3))));
    assertEquals(Optional.of(TransactionRejection.CONTRACT_CREATION_UNSUPPORTED),
        reason(new UnsignedTransaction(TransactionType.DYNAMIC_FEE, CHAIN, 0, Wei.of(1), Wei.of(2), 100_000, Optional.empty(), Wei.ZERO,
            Bytes.of(1), List.of())));
    assertEquals(Optional.of(TransactionRejection.GAS_LIMIT_EXCEEDS_BLOCK),
        reason(UnsignedTransaction.dynamicFee(CHAIN, 0, Wei.of(1), Wei.of(2), 1_000_001, TO, Wei.ZERO, Bytes.EMPTY, List.of())));
    assertEquals(Optional.empty(),
        reason(UnsignedTransaction.dynamicFee(CHAIN, 0, Wei.of(1), Wei.of(2), 1_000_000, TO, Wei.ZERO, Bytes.EMPTY, List.of())));
    assertEquals(Optional.of(TransactionRejection.GAS_LIMIT_EXCEEDS_BLOCK),
        reason(UnsignedTransaction.dynamicFee(CHAIN, 0, Wei.of(1), Wei.of(2), -1L, TO, Wei.ZERO, Bytes.EMPTY, List.of())),
        "gas limit 2^64-1 is huge, not negative");
    assertEquals(Optional.of(TransactionRejection.TIP_ABOVE_FEE_CAP),
        reason(UnsignedTransaction.transfer(CHAIN, 0, Wei.of(3), Wei.of(2), TO, Wei.ZERO)));
    assertEquals(Optional.of(TransactionRejection.INSUFFICIENT_FUNDS),
        reason(UnsignedTransaction.transfer(CHAIN, 0, Wei.of(1), Wei.of(2), TO, new Wei(Wei.MAX_UINT256))), "cost beyond 2^256-1");
    assertEquals(Optional.of(TransactionRejection.NONCE_TOO_HIGH),
        reason(UnsignedTransaction.transfer(CHAIN, -1L, Wei.of(1), Wei.of(2), TO, Wei.ZERO)), "EIP-2681");

    Bytes big = Bytes.wrap(new byte[TransactionValidator.DEFAULT_MAX_TX_SIZE]);
    ValidationResult oversized = new TransactionValidator(CHAIN, Long.MAX_VALUE).validate(sign(
        UnsignedTransaction.dynamicFee(CHAIN, 0, Wei.of(1), Wei.of(2), 1_000_000, TO, Wei.ZERO, big, List.of())));
    assertEquals(Optional.of(TransactionRejection.OVERSIZED_DATA), oversized.rejection());
    assertTrue(oversized.errorMessage().startsWith("oversized data: "), oversized.errorMessage());
  }

  @Test
  void unprotectedLegacyIsRefused() {
    // ttSignature/SenderTest from ethereum/tests: a valid pre-EIP-155 transaction (v = 27)
    Transaction tx = decoder.decode(Bytes.fromHexString(
        "0xf85f800182520894095e7baea6a6c7c4c2dfeb977efac326af552d870a801ba048b55bfa915ac795c431978d8a6a992b628d557da5ff759b307d495a36649353a01fffd310ac743f371de3b9f7f9cb56c0b28ad43601b4ab949f53faa07bd2c804"))
        .transaction().orElseThrow();
    assertTrue(tx.chainId().isEmpty());
    ValidationResult r = new TransactionValidator(1, 30_000_000).validate(tx);
    assertEquals(Optional.of(TransactionRejection.INVALID_CHAIN_ID), r.rejection());
    assertTrue(r.detail().contains("unprotected"), r.detail());
  }
}
