package org.mercato.state.tx;

/**
 * Internal to the decoder: unwinds from deep inside RLP reading to {@link TransactionDecoder#decode},
 * which turns it into a {@link DecodeResult}. No stack trace: peers can send garbage at line rate.
 */
final class DecodeFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final TransactionRejection reason;
  final String detail;

  DecodeFailure(TransactionRejection reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
    this.detail = detail;
  }

  static DecodeFailure malformed(String detail) {
    return new DecodeFailure(TransactionRejection.MALFORMED, detail);
  }
}
