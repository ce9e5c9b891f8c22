package org.mercato.state.crypto;

/** Why a signature is not acceptable for a transaction. */
public enum SignatureDefect {
  /** r is 0 or at least the curve order n. */
  R_OUT_OF_RANGE("r must be in [1, n-1]"),
  /** s is 0 or at least the curve order n. */
  S_OUT_OF_RANGE("s must be in [1, n-1]"),
  /** s above n/2: EIP-2 forbids it, as (r, n-s) would be a second valid signature of the same message. */
  HIGH_S("s must be at most n/2 (EIP-2)");

  private final String description;

  SignatureDefect(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
