package org.mercato.consensus.privval;

/**
 * The lock record cannot be trusted (unreadable, bad checksum, wrong shape, another chain, or a
 * proposal that does not decode, match or validate). The validator must not run consensus until an
 * operator looks at it: dropping a lock silently could make an honest validator break safety
 * (docs/spec/consensus.md §8.1).
 */
public final class CorruptLockRecordException extends RuntimeException {
  public CorruptLockRecordException(String message) {
    super(message);
  }

  public CorruptLockRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
