package org.mercato.consensus.privval;

/**
 * The signing record on disk cannot be trusted (bad checksum, wrong shape, another chain, unreadable).
 * The validator must not sign until an operator looks at it: guessing could mean a double sign.
 */
public final class CorruptSigningRecordException extends RuntimeException {
  public CorruptSigningRecordException(String message) {
    super(message);
  }

  public CorruptSigningRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
