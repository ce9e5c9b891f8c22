package org.mercato.consensus.bft.types;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Address;

/** A member of a validator set: its address, 64-byte secp256k1 public key (x || y) and voting power (≥ 1). */
public record Validator(Address address, Bytes publicKey, long votingPower) {
  public Validator {
    Objects.requireNonNull(address);
    if (publicKey.size() != 64) {
      throw new IllegalArgumentException("public key must be 64 bytes");
    }
    publicKey = publicKey.copy();
    if (!Address.fromPublicKey(publicKey).equals(address)) {
      throw new IllegalArgumentException("address does not belong to the public key");
    }
    if (votingPower < 1) {
      throw new IllegalArgumentException("voting power must be >= 1, got " + votingPower);
    }
  }
}
