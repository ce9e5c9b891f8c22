package org.mercato.consensus.codec;

/** Internal: carries a typed decode failure up to the codec's entry point, which turns it into a {@link DecodeOutcome.Failed}. */
final class CodecException extends RuntimeException {
  final CodecError error;

  CodecException(CodecError error, String detail) {
    super(detail, null, false, false);
    this.error = error;
  }
}
