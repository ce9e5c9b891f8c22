package org.mercato.consensus.codec;

import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLPReader;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/** Strict field reads on one RLP list: byte strings only where values belong, minimal scalars, exact sizes. */
final class Fields {
  private final RLPReader in;
  private final String what;

  Fields(RLPReader in, String what) {
    this.in = in;
    this.what = what;
  }

  static CodecException malformed(String detail) {
    return new CodecException(CodecError.MALFORMED, detail);
  }

  static CodecException invalid(String detail) {
    return new CodecException(CodecError.INVALID_FIELD, detail);
  }

  Bytes bytes(String field) {
    if (in.isComplete()) {
      throw malformed(what + " is missing " + field);
    }
    if (in.nextIsList()) {
      throw malformed(what + "." + field + " must be a byte string, not a list");
    }
    return in.readValue();
  }

  Bytes fixed(String field, int size) {
    Bytes b = bytes(field);
    if (b.size() != size) {
      throw malformed(what + "." + field + " must be " + size + " bytes, got " + b.size());
    }
    return b;
  }

  /** An unsigned scalar below 2^63, minimally encoded (0 is the empty string). */
  long u63(String field) {
    Bytes b = bytes(field);
    if (b.size() > 8) {
      throw invalid(what + "." + field + " is wider than 64 bits");
    }
    if (!b.isEmpty() && b.get(0) == 0) {
      throw malformed(what + "." + field + " has leading zero bytes");
    }
    long v = 0;
    for (int i = 0; i < b.size(); i++) {
      v = (v << 8) | (b.get(i) & 0xff);
    }
    if (v < 0) {
      throw invalid(what + "." + field + " is above 2^63 - 1");
    }
    return v;
  }

  int u31(String field) {
    long v = u63(field);
    if (v > Integer.MAX_VALUE) {
      throw invalid(what + "." + field + " is above 2^31 - 1");
    }
    return (int) v;
  }

  Height height(String field) {
    long v = u63(field);
    if (v < 1) {
      throw invalid(what + "." + field + " must be >= 1");
    }
    return Height.of(v);
  }

  Round round(String field) {
    return Round.of(u31(field));
  }

  /** A round or nil, encoded as value + 1 (0 = nil). */
  Round roundOrNil(String field) {
    long v = u63(field);
    if (v > (long) Integer.MAX_VALUE + 1) {
      throw invalid(what + "." + field + " is above 2^31 - 1");
    }
    return Round.of((int) (v - 1));
  }

  Hash hash(String field) {
    return Hash.wrap(fixed(field, 32));
  }

  /** Empty for nil, else 32 bytes. */
  Optional<Hash> optionalHash(String field) {
    Bytes b = bytes(field);
    if (b.isEmpty()) {
      return Optional.empty();
    }
    if (b.size() != 32) {
      throw malformed(what + "." + field + " must be empty or 32 bytes, got " + b.size());
    }
    return Optional.of(Hash.wrap(b));
  }

  Address address(String field) {
    return new Address(fixed(field, Address.SIZE));
  }

  Signature signature(String field) {
    Bytes b = fixed(field, 65);
    int recId = b.get(64) & 0xff;
    if (recId > 1) {
      throw invalid(what + "." + field + " has recovery id " + recId);
    }
    return SignatureBytes.decode(b);
  }

  <T> T list(String field, Function<RLPReader, T> body) {
    if (in.isComplete()) {
      throw malformed(what + " is missing " + field);
    }
    if (!in.nextIsList()) {
      throw malformed(what + "." + field + " must be a list");
    }
    return in.readList(body);
  }

  void end() {
    if (!in.isComplete()) {
      throw malformed(what + " has more fields than expected");
    }
  }
}
