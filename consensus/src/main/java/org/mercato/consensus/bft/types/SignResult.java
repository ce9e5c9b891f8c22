package org.mercato.consensus.bft.types;

import java.util.Objects;

/** What a {@link ValidatorSigner} did: a signed message, or a typed refusal (never a silent false). */
public sealed interface SignResult<T> {
  /** Signed; the signing record already holds it durably. */
  record Signed<T>(T message) implements SignResult<T> {
    public Signed {
      Objects.requireNonNull(message);
    }
  }

  /** Not signed, with the reason and a human-readable detail. */
  record Refused<T>(SignRefusal reason, String detail) implements SignResult<T> {
    public Refused {
      Objects.requireNonNull(reason);
      Objects.requireNonNull(detail);
    }
  }

  static <T> SignResult<T> signed(T message) {
    return new Signed<>(message);
  }

  static <T> SignResult<T> refused(SignRefusal reason, String detail) {
    return new Refused<>(reason, detail);
  }
}
