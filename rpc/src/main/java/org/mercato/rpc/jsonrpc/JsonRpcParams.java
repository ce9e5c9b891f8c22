package org.mercato.rpc.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * Positional parameters with typed accessors. Every accessor throws a -32602 {@link JsonRpcException}
 * whose message names the parameter index and what is wrong, in geth's style: {@code invalid
 * argument 0: hex string of odd length (3 digits)}, {@code missing value for required argument 1}.
 * A JSON null counts as absent.
 */
public final class JsonRpcParams {
  private static final JsonRpcParams EMPTY = new JsonRpcParams(RpcJson.mapper().createArrayNode());

  private final ArrayNode values;

  private JsonRpcParams(ArrayNode values) {
    this.values = values;
  }

  /** Wraps the request's {@code params} member: an array, or absent/null for none. */
  public static JsonRpcParams from(JsonNode params) throws JsonRpcException {
    if (params == null || params.isNull()) {
      return EMPTY;
    }
    if (params.isArray()) {
      return new JsonRpcParams((ArrayNode) params);
    }
    throw JsonRpcErrors.invalidParams("params must be an array of positional arguments");
  }

  /** Parameters built in code (tests, in-process callers); values go through {@link RpcJson}. */
  public static JsonRpcParams of(Object... params) {
    return new JsonRpcParams(RpcJson.mapper().valueToTree(params));
  }

  public int size() {
    return values.size();
  }

  /** True if argument {@code i} was sent and is not null. */
  public boolean isPresent(int i) {
    return i < values.size() && !values.get(i).isNull();
  }

  /** Rejects calls with more than {@code max} arguments (geth does). */
  public void requireAtMost(int max) throws JsonRpcException {
    if (values.size() > max) {
      throw JsonRpcErrors.invalidParams("too many arguments, want at most " + max);
    }
  }

  public Optional<JsonNode> optional(int i) {
    return isPresent(i) ? Optional.of(values.get(i)) : Optional.empty();
  }

  /** An optional argument through any accessor: {@code params.optional(1, params::blockParameter)}. */
  public <T> Optional<T> optional(int i, Accessor<T> accessor) throws JsonRpcException {
    return isPresent(i) ? Optional.of(accessor.get(i)) : Optional.empty();
  }

  /** The raw JSON of a required argument. */
  public JsonNode required(int i) throws JsonRpcException {
    if (!isPresent(i)) {
      throw JsonRpcErrors.invalidParams("missing value for required argument " + i);
    }
    return values.get(i);
  }

  public String string(int i) throws JsonRpcException {
    return text(i, "a string");
  }

  public boolean bool(int i) throws JsonRpcException {
    JsonNode node = required(i);
    if (!node.isBoolean()) {
      throw invalid(i, "expected a boolean, got " + describe(node));
    }
    return node.booleanValue();
  }

  public Address address(int i) throws JsonRpcException {
    return parseText(i, "a 0x-prefixed 20-byte address", t -> new Address(Data.decodeFixed(t, Address.SIZE, "address")));
  }

  public Hash hash(int i) throws JsonRpcException {
    return parseText(i, "a 0x-prefixed 32-byte hash", t -> Hash.wrap(Data.decodeFixed(t, 32, "hash")));
  }

  /** 0x-prefixed bytes of any length ("0x" is empty). */
  public Bytes data(int i) throws JsonRpcException {
    return parseText(i, "0x-prefixed hex data", Data::decode);
  }

  /** A hex quantity up to 2^63-1. */
  public long quantityLong(int i) throws JsonRpcException {
    return parseText(i, "a 0x-prefixed hex quantity", Quantity::decodeLong);
  }

  /** A hex quantity up to 2^256-1. */
  public BigInteger quantityBig(int i) throws JsonRpcException {
    return parseText(i, "a 0x-prefixed hex quantity", Quantity::decodeBig);
  }

  /** A block tag, hex number, or EIP-1898 object; required. */
  public BlockParameter blockParameter(int i) throws JsonRpcException {
    JsonNode node = required(i);
    try {
      return BlockParameter.parse(node);
    } catch (IllegalArgumentException e) {
      throw invalid(i, e.getMessage());
    }
  }

  /** As {@link #blockParameter}, or {@code fallback} when absent (for methods where the block is optional). */
  public BlockParameter blockParameterOr(int i, BlockParameter fallback) throws JsonRpcException {
    return isPresent(i) ? blockParameter(i) : fallback;
  }

  /** Binds an object argument to {@code type} with Jackson (records and plain classes). */
  public <T> T object(int i, Class<T> type) throws JsonRpcException {
    JsonNode node = required(i);
    if (!node.isObject()) {
      throw invalid(i, "expected an object, got " + describe(node));
    }
    try {
      return RpcJson.mapper().treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw invalid(i, firstLine(e.getOriginalMessage()));
    } catch (IllegalArgumentException e) {
      throw invalid(i, firstLine(e.getMessage()));
    }
  }

  /** Reads argument {@code i} with a custom accessor, e.g. for a method-specific type. */
  @FunctionalInterface
  public interface Accessor<T> {
    T get(int index) throws JsonRpcException;
  }

  private String text(int i, String expected) throws JsonRpcException {
    JsonNode node = required(i);
    if (!node.isTextual()) {
      throw invalid(i, "expected " + expected + ", got " + describe(node));
    }
    return node.textValue();
  }

  private <T> T parseText(int i, String expected, Function<String, T> parser) throws JsonRpcException {
    String text = text(i, expected);
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw invalid(i, e.getMessage());
    }
  }

  private static JsonRpcException invalid(int i, String what) {
    return JsonRpcErrors.invalidParams("invalid argument " + i + ": " + what);
  }

  private static String describe(JsonNode node) {
    String json = node.toString();
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + (json.length() > 80 ? json.substring(0, 77) + "..." : json);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed object";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
