package org.mercato.node.marketrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.rpc.jsonrpc.Data;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcParams;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.types.Address;

/**
 * The filter object argument of the {@code market_list*} methods (docs/spec/data-market.md §JSON-RPC and CLI): typed
 * fields, unknown fields refused, paging with {@code offset} (≥ 0, default 0) and {@code limit} (1..100, default 20),
 * each a JSON number or a 0x quantity. Every error is a -32602 naming the argument and the field.
 */
final class FilterObject {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  /** One page of a listing. */
  record Page(long offset, int limit) {}

  private final int index;
  private final JsonNode node; // an object; empty when the argument was absent

  private FilterObject(int index, JsonNode node) {
    this.index = index;
    this.node = node;
  }

  /** Argument {@code i}: an object with only the {@code allowed} fields, or absent (all defaults). */
  static FilterObject of(JsonRpcParams params, int i, Set<String> allowed) throws JsonRpcException {
    JsonNode n = params.optional(i).orElse(JsonNodeFactory.instance.objectNode());
    if (!n.isObject()) {
      throw JsonRpcErrors.invalidParams("invalid argument " + i + ": expected a filter object, got "
          + n.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw JsonRpcErrors.invalidParams("invalid argument " + i + ": unknown filter field '" + f + "' (allowed: "
            + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
    return new FilterObject(i, n);
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  Optional<Address> address(String field) throws JsonRpcException {
    return parsed(field, "a 0x-prefixed 20-byte address", t -> new Address(Data.decodeFixed(t, Address.SIZE, "address")));
  }

  Optional<Bytes32> bytes32(String field) throws JsonRpcException {
    return parsed(field, "0x-prefixed 32 bytes", t -> Bytes32.wrap(Data.decodeFixed(t, 32, "bytes32")));
  }

  boolean bool(String field, boolean fallback) throws JsonRpcException {
    if (!has(field)) {
      return fallback;
    }
    JsonNode v = node.get(field);
    if (!v.isBoolean()) {
      throw invalid(field, "expected true or false");
    }
    return v.booleanValue();
  }

  Optional<String> string(String field) throws JsonRpcException {
    return parsed(field, "a string", t -> t);
  }

  Page page() throws JsonRpcException {
    long offset = count("offset", 0);
    long limit = count("limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw invalid("limit", "must be 1.." + MAX_LIMIT + ", got " + limit);
    }
    return new Page(offset, (int) limit);
  }

  private long count(String field, long fallback) throws JsonRpcException {
    if (!has(field)) {
      return fallback;
    }
    JsonNode v = node.get(field);
    BigInteger n;
    if (v.isIntegralNumber()) {
      n = v.bigIntegerValue();
    } else if (v.isTextual()) {
      try {
        n = Quantity.decodeBig(v.textValue());
      } catch (IllegalArgumentException e) {
        throw invalid(field, e.getMessage());
      }
    } else {
      throw invalid(field, "expected a non-negative integer (number or 0x quantity)");
    }
    if (n.signum() < 0 || n.bitLength() > 62) {
      throw invalid(field, "must be a non-negative integer below 2^62, got " + n);
    }
    return n.longValueExact();
  }

  private <T> Optional<T> parsed(String field, String expected, Function<String, T> parser) throws JsonRpcException {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode v = node.get(field);
    if (!v.isTextual()) {
      throw invalid(field, "expected " + expected);
    }
    try {
      return Optional.of(parser.apply(v.textValue()));
    } catch (IllegalArgumentException e) {
      throw invalid(field, e.getMessage());
    }
  }

  JsonRpcException invalid(String field, String why) {
    return JsonRpcErrors.invalidParams("invalid argument " + index + ": filter field '" + field + "': " + why);
  }
}
