package org.mercato.p2p.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;

/**
 * Strict reading of channel messages (docs/spec/p2p.md §9): {@code type ‖ rlp(body)}, the body one
 * canonical RLP list. Readers call the helpers below, which throw {@link Violation} with a typed
 * error; {@link #decode} turns that (and anything the RLP library throws on hostile bytes) into a
 * {@link MessageResult} and finally requires that re-encoding gives back exactly the input.
 */
public final class StrictRlp {
  private StrictRlp() {}

  /** A typed failure raised inside a body reader. No stack trace: hostile input is routine. */
  public static final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final MessageError error;

    public Violation(MessageError error, String detail) {
      super(detail, null, false, false);
      this.error = error;
    }

    public MessageError error() {
      return error;
    }
  }

  /**
   * Decodes {@code payload[1..]} with {@code body} (positioned inside the outer list), checks the list
   * was read to its end and that {@code encode} of the result equals the whole payload.
   */
  public static <T> MessageResult<T> decode(byte[] payload, Function<RLPReader, T> body, Function<T, byte[]> encode) {
    if (payload.length < 2) {
      return MessageResult.fail(MessageError.MALFORMED, "no body");
    }
    T message;
    try {
      message = RLP.decodeList(Bytes.wrap(payload, 1, payload.length - 1), false, r -> {
        T m = body.apply(r);
        end(r, "message");
        return m;
      });
    } catch (Violation v) {
      return MessageResult.fail(v.error(), v.getMessage());
    } catch (RuntimeException e) {
      return MessageResult.fail(MessageError.MALFORMED, String.valueOf(e.getMessage()));
    }
    byte[] again;
    try {
      again = encode.apply(message);
    } catch (RuntimeException e) {
      return MessageResult.fail(MessageError.MALFORMED, "does not re-encode: " + e.getMessage());
    }
    if (!java.util.Arrays.equals(again, payload)) {
      return MessageResult.fail(MessageError.NON_CANONICAL, "re-encoding differs from the received bytes");
    }
    return MessageResult.ok(message);
  }

  /** {@code type ‖ body}. */
  public static byte[] frame(int type, Bytes body) {
    byte[] out = new byte[1 + body.size()];
    out[0] = (byte) type;
    System.arraycopy(body.toArrayUnsafe(), 0, out, 1, body.size());
    return out;
  }

  /** An unsigned scalar of at most 8 bytes without leading zeros, at most {@code max}. */
  public static long u64(RLPReader r, String field, long max) {
    Bytes v = bytes(r, field, 8);
    if (!v.isEmpty() && v.get(0) == 0) {
      throw new Violation(MessageError.NON_CANONICAL, field + " has leading zero bytes");
    }
    long out = 0;
    for (int i = 0; i < v.size(); i++) {
      out = (out << 8) | (v.get(i) & 0xff);
    }
    if (Long.compareUnsigned(out, max) > 0) {
      throw new Violation(MessageError.OUT_OF_RANGE, field + " " + Long.toUnsignedString(out) + " above " + max);
    }
    return out;
  }

  /** A byte string of at most {@code maxLength} bytes (oversized strings fail with TOO_LARGE). */
  public static Bytes bytes(RLPReader r, String field, int maxLength) {
    present(r, field);
    if (r.nextIsList()) {
      throw new Violation(MessageError.MALFORMED, field + " must be a byte string, got a list");
    }
    // The payload is at most 1 MiB (the transport's bound), so reading before checking is bounded too.
    Bytes v = r.readValue();
    if (v.size() > maxLength) {
      throw new Violation(MessageError.TOO_LARGE, field + " is " + v.size() + " bytes, above " + maxLength);
    }
    return v;
  }

  /** A byte string of exactly {@code length} bytes. */
  public static Bytes fixed(RLPReader r, String field, int length) {
    Bytes v = bytes(r, field, length);
    if (v.size() != length) {
      throw new Violation(MessageError.MALFORMED, field + " must be " + length + " bytes, got " + v.size());
    }
    return v;
  }

  /** A nested list of 1..{@code max} items, each read by {@code item} (which must consume exactly one item). */
  public static <T> List<T> list(RLPReader r, String field, int min, int max, Function<RLPReader, T> item) {
    present(r, field);
    if (!r.nextIsList()) {
      throw new Violation(MessageError.MALFORMED, field + " must be a list");
    }
    return r.readList(lr -> {
      List<T> out = new ArrayList<>();
      while (!lr.isComplete()) {
        if (out.size() == max) {
          throw new Violation(MessageError.OUT_OF_RANGE, field + " has more than " + max + " items");
        }
        out.add(item.apply(lr));
      }
      if (out.size() < min) {
        throw new Violation(MessageError.OUT_OF_RANGE, field + " has " + out.size() + " items, fewer than " + min);
      }
      return out;
    });
  }

  /** Reads a nested list with {@code body} and checks nothing is left in it. */
  public static <T> T nested(RLPReader r, String field, Function<RLPReader, T> body) {
    present(r, field);
    if (!r.nextIsList()) {
      throw new Violation(MessageError.MALFORMED, field + " must be a list");
    }
    return r.readList(lr -> {
      T v = body.apply(lr);
      end(lr, field);
      return v;
    });
  }

  /** Fails if the current list has items left. */
  public static void end(RLPReader r, String what) {
    if (!r.isComplete()) {
      throw new Violation(MessageError.MALFORMED, what + " has extra fields");
    }
  }

  private static void present(RLPReader r, String field) {
    if (r.isComplete()) {
      throw new Violation(MessageError.MALFORMED, "missing " + field);
    }
  }
}
