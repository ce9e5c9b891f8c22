package org.mercato.state.tx;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLPException;
import org.apache.tuweni.rlp.RLPReader;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * Reads one envelope's fields in order with Ethereum's strict rules, naming the field in every
 * failure: exact field count, byte strings where lists are not allowed, scalars without leading
 * zeros and within their width, addresses of exactly 20 bytes.
 */
final class FieldReader {
  private final RLPReader in;
  private final String envelope;
  private final int expectedFields;
  private int read;

  FieldReader(RLPReader in, String envelope, int expectedFields) {
    this.in = in;
    this.envelope = envelope;
    this.expectedFields = expectedFields;
  }

  Bytes bytes(String field) {
    if (in.isComplete()) {
      throw DecodeFailure.malformed(envelope + " has too few fields: " + read + " of " + expectedFields + ", missing " + field);
    }
    read++;
    return value(in, field);
  }

  /** A scalar of at most {@code maxBytes}; wider values fail with {@code tooWide}. */
  Bytes scalar(String field, int maxBytes, TransactionRejection tooWide) {
    Bytes v = bytes(field);
    if (!v.isEmpty() && v.get(0) == 0) {
      throw DecodeFailure.malformed(field + " has leading zero bytes");
    }
    if (v.size() > maxBytes) {
      throw new DecodeFailure(tooWide, field + " is " + v.size() + " bytes, wider than " + maxBytes * 8 + " bits");
    }
    return v;
  }

  long u64(String field) {
    Bytes v = scalar(field, 8, TransactionRejection.MALFORMED);
    long out = 0;
    for (int i = 0; i < v.size(); i++) {
      out = (out << 8) | (v.get(i) & 0xff);
    }
    return out;
  }

  Wei wei(String field) {
    return Wei.fromBytes(scalar(field, 32, TransactionRejection.MALFORMED));
  }

  BigInteger u256(String field, TransactionRejection tooWide) {
    Bytes v = scalar(field, 32, tooWide);
    return v.isEmpty() ? BigInteger.ZERO : v.toUnsignedBigInteger();
  }

  /** Empty means contract creation: that is a policy question for the validator, not an encoding error. */
  Optional<Address> to(String field) {
    Bytes v = bytes(field);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.size() != Address.SIZE) {
      throw DecodeFailure.malformed(field + " must be 20 bytes (or empty), got " + v.size());
    }
    return Optional.of(new Address(v));
  }

  List<AccessListEntry> accessList(String field) {
    if (in.isComplete()) {
      throw DecodeFailure.malformed(envelope + " has too few fields: " + read + " of " + expectedFields + ", missing " + field);
    }
    read++;
    if (!in.nextIsList()) {
      throw DecodeFailure.malformed(field + " must be a list");
    }
    return readList(in, field, list -> {
      List<AccessListEntry> entries = new ArrayList<>();
      while (!list.isComplete()) {
        entries.add(accessListEntry(list, field + "[" + entries.size() + "]"));
      }
      return entries;
    });
  }

  private static AccessListEntry accessListEntry(RLPReader list, String name) {
    if (!list.nextIsList()) {
      throw DecodeFailure.malformed(name + " must be a list [address, storageKeys]");
    }
    return readList(list, name, entry -> {
      if (entry.isComplete()) {
        throw DecodeFailure.malformed(name + " is missing its address");
      }
      Bytes address = value(entry, name + ".address");
      if (address.size() != Address.SIZE) {
        throw DecodeFailure.malformed(name + ".address must be 20 bytes, got " + address.size());
      }
      if (entry.isComplete() || !entry.nextIsList()) {
        throw DecodeFailure.malformed(name + ".storageKeys must be a list");
      }
      List<Bytes32> keys = readList(entry, name + ".storageKeys", keyList -> {
        List<Bytes32> out = new ArrayList<>();
        while (!keyList.isComplete()) {
          String keyName = name + ".storageKeys[" + out.size() + "]";
          Bytes key = value(keyList, keyName);
          if (key.size() != 32) {
            throw DecodeFailure.malformed(keyName + " must be 32 bytes, got " + key.size());
          }
          out.add(Bytes32.wrap(key));
        }
        return out;
      });
      if (!entry.isComplete()) {
        throw DecodeFailure.malformed(name + " has more than [address, storageKeys]");
      }
      return new AccessListEntry(new Address(address), keys);
    });
  }

  /** Fails if the list holds more than the fields read. */
  void end() {
    if (!in.isComplete()) {
      throw DecodeFailure.malformed(envelope + " has too many fields: expected " + expectedFields);
    }
  }

  private static Bytes value(RLPReader in, String field) {
    try {
      if (in.nextIsList()) {
        throw DecodeFailure.malformed(field + " must be a byte string, not a list");
      }
      return in.readValue();
    } catch (RLPException e) {
      throw DecodeFailure.malformed(field + ": " + e.getMessage());
    }
  }

  private static <T> T readList(RLPReader in, String field, java.util.function.Function<RLPReader, T> body) {
    try {
      return in.readList(body);
    } catch (RLPException e) {
      throw DecodeFailure.malformed(field + ": " + e.getMessage());
    }
  }
}
