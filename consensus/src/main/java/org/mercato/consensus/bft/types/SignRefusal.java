package org.mercato.consensus.bft.types;

/** Why a {@link ValidatorSigner} refused to sign (docs/spec/consensus.md, "Double-sign protection"). */
public enum SignRefusal {
  /** Height, round or step is below the last signed (height, round, step). */
  REGRESSION,
  /** Something different was already signed at this very (height, round, step). */
  CONFLICT,
  /** The signing record could not be made durable (now or earlier): nothing is signed any more. */
  STORAGE_FAILURE
}
