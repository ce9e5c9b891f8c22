package org.mercato.market.data.abi;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;

/**
 * The Solidity ABI subset the market contracts need: static words (address, uint256, bool, bytes32) and {@code string}
 * as argument or return value. Decoding is strict: a non-canonical word (address or bool with dirty high bits), a
 * short argument list or an out-of-range string offset is an {@link AbiException}, which handlers turn into a revert.
 */
public final class Abi {
  private Abi() {}

  /** The 4-byte function selector (or, with {@link #topic}, the event topic) of a canonical signature. */
  public static Bytes selector(String signature) {
    return topic(signature).slice(0, 4);
  }

  public static Bytes32 topic(String signature) {
    return Keccak.hash(Bytes.wrap(signature.getBytes(StandardCharsets.US_ASCII))).bytes();
  }

  /**
   * Encodes values as a tuple: Address, UInt256, BigInteger (uint256), Long, Boolean, Bytes32 static; String, Bytes
   * (other than Bytes32: {@code bytes}) and List of String ({@code string[]}) dynamic.
   */
  public static Bytes encode(Object... values) {
    List<Bytes> head = new ArrayList<>();
    List<Bytes> tail = new ArrayList<>();
    long tailOffset = 32L * values.length;
    for (Object v : values) {
      Bytes enc = dynamicTail(v);
      if (enc != null) {
        head.add(UInt256.valueOf(tailOffset).toBytes());
        tail.add(enc);
        tailOffset += enc.size();
      } else {
        head.add(word(v));
      }
    }
    List<Bytes> all = new ArrayList<>(head);
    all.addAll(tail);
    return Bytes.concatenate(all.toArray(Bytes[]::new));
  }

  /** Calldata: selector of {@code signature} followed by the encoded arguments. */
  public static Bytes call(String signature, Object... args) {
    return Bytes.concatenate(selector(signature), encode(args));
  }

  public static Bytes32 word(Object v) {
    if (v instanceof Address a) {
      return Bytes32.leftPad(a.bytes());
    }
    if (v instanceof UInt256 u) {
      return u.toBytes();
    }
    if (v instanceof BigInteger b) {
      return UInt256.valueOf(b).toBytes();
    }
    if (v instanceof Long l) {
      if (l < 0) {
        throw new IllegalArgumentException("negative uint");
      }
      return UInt256.valueOf(l).toBytes();
    }
    if (v instanceof Integer i) {
      return word((long) i);
    }
    if (v instanceof Boolean b) {
      return b ? UInt256.ONE.toBytes() : Bytes32.ZERO;
    }
    if (v instanceof Bytes32 b) {
      return b;
    }
    throw new IllegalArgumentException("not an ABI static value: " + v);
  }

  private static Bytes stringTail(String s) {
    return bytesTail(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Bytes bytesTail(byte[] raw) {
    byte[] padded = new byte[(raw.length + 31) / 32 * 32];
    System.arraycopy(raw, 0, padded, 0, raw.length);
    return Bytes.concatenate(UInt256.valueOf(raw.length).toBytes(), Bytes.wrap(padded));
  }

  /** The tail of a dynamic value, or null for a static one. */
  private static Bytes dynamicTail(Object v) {
    if (v instanceof String s) {
      return stringTail(s);
    }
    if (v instanceof Bytes b && !(v instanceof Bytes32)) {
      return bytesTail(b.toArrayUnsafe());
    }
    if (v instanceof List<?> list) {
      // string[]: length, then the elements encoded as a tuple of strings
      return Bytes.concatenate(UInt256.valueOf(list.size()).toBytes(), encode(list.toArray()));
    }
    return null;
  }

  /** Arguments after a 4-byte selector (or a return value, with {@code offset} 0). */
  public static Args args(Bytes data, int offset) {
    return new Args(data.slice(offset));
  }

  /** A decoded argument tuple. */
  public static final class Args {
    private final Bytes data;

    private Args(Bytes data) {
      this.data = data;
    }

    /** Requires exactly {@code n} static words and nothing else (a strict length check for static-only signatures). */
    public Args exactly(int n) {
      if (data.size() != 32L * n) {
        throw new AbiException("expected " + n + " words of arguments, got " + data.size() + " bytes");
      }
      return this;
    }

    public Bytes32 word(int i) {
      if (i < 0 || 32L * (i + 1) > data.size()) {
        throw new AbiException("missing argument " + i);
      }
      return Bytes32.wrap(data.slice(32 * i, 32));
    }

    public UInt256 uint(int i) {
      return UInt256.fromBytes(word(i));
    }

    public Address address(int i) {
      Bytes32 w = word(i);
      if (!w.slice(0, 12).isZero()) {
        throw new AbiException("argument " + i + " is not an address");
      }
      return new Address(w.slice(12, 20));
    }

    public boolean bool(int i) {
      UInt256 v = uint(i);
      if (v.compareTo(UInt256.ONE) > 0) {
        throw new AbiException("argument " + i + " is not a bool");
      }
      return v.equals(UInt256.ONE);
    }

    /** A {@code bytes} argument whose head is word {@code i}, within the data. */
    public Bytes bytes(int i) {
      UInt256 off = uint(i);
      if (!off.fitsInt() || off.intValue() + 32L > data.size()) {
        throw new AbiException("argument " + i + ": bad offset");
      }
      int o = off.intValue();
      UInt256 len = UInt256.fromBytes(Bytes32.wrap(data.slice(o, 32)));
      if (!len.fitsInt() || o + 32L + len.intValue() > data.size()) {
        throw new AbiException("argument " + i + ": bad length");
      }
      return data.slice(o + 32, len.intValue()).copy();
    }

    /** A dynamic tuple argument whose head is word {@code i}: its fields, offsets relative to its start. */
    public Args tuple(int i) {
      UInt256 off = uint(i);
      if (!off.fitsInt() || off.intValue() > data.size()) {
        throw new AbiException("argument " + i + ": bad tuple offset");
      }
      return new Args(data.slice(off.intValue()));
    }

    /** A {@code string[]} argument whose head is word {@code i}, at most {@code max} elements. */
    public List<String> stringArray(int i, int max) {
      Args arr = tuple(i);
      UInt256 n = arr.uint(0);
      if (n.compareTo(UInt256.valueOf(max)) > 0) {
        throw new AbiException("argument " + i + ": more than " + max + " elements");
      }
      Args elems = new Args(arr.data.slice(32));
      List<String> out = new ArrayList<>();
      for (int k = 0; k < n.intValue(); k++) {
        out.add(elems.string(k));
      }
      return List.copyOf(out);
    }

    /** A {@code string} argument whose head is word {@code i}: valid UTF-8 within the data. */
    public String string(int i) {
      byte[] raw;
      try {
        raw = bytes(i).toArrayUnsafe();
      } catch (AbiException e) {
        throw new AbiException(e.getMessage().replace(": bad ", ": bad string "));
      }
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(raw))
            .toString();
      } catch (CharacterCodingException e) {
        throw new AbiException("argument " + i + ": string is not UTF-8");
      }
    }
  }

  /** Malformed ABI input. */
  public static final class AbiException extends RuntimeException {
    public AbiException(String message) {
      super(message);
    }
  }
}
