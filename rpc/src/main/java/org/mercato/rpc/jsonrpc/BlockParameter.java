package org.mercato.rpc.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.mercato.state.types.Hash;

/**
 * Which block a query is about: a tag ("latest"...), a number, or (EIP-1898) a block hash.
 * Parse errors are {@link IllegalArgumentException}s whose message is fit to send to the caller.
 */
public sealed interface BlockParameter {

  BlockParameter LATEST = new Named(Tag.LATEST);

  enum Tag {
    LATEST, EARLIEST, PENDING, SAFE, FINALIZED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** "latest", "earliest", "pending", "safe" or "finalized". */
  record Named(Tag tag) implements BlockParameter {}

  /** A block number ("0x1b4" or {"blockNumber":"0x1b4"}). */
  record Number(long number) implements BlockParameter {}

  /** {"blockHash":"0x...","requireCanonical":true}; a bare 32-byte hash string is accepted too (as geth). */
  record ByHash(Hash hash, boolean requireCanonical) implements BlockParameter {}

  static BlockParameter parse(JsonNode node) {
    if (node.isTextual()) {
      return parseText(node.textValue(), true);
    }
    if (node.isObject()) {
      return parseObject(node);
    }
    throw new IllegalArgumentException(expected() + ", got " + describe(node));
  }

  private static BlockParameter parseText(String text, boolean hashAllowed) {
    for (Tag tag : Tag.values()) {
      if (tag.wireName().equals(text)) {
        return new Named(tag);
      }
    }
    if (!Data.hasHexPrefix(text)) {
      throw new IllegalArgumentException(expected() + ", got " + Quantity.abbreviate(text));
    }
    if (hashAllowed && text.length() == 66) {
      return new ByHash(Hash.wrap(Data.decode(text)), false);
    }
    return new Number(Quantity.decodeLong(text));
  }

  private static BlockParameter parseObject(JsonNode node) {
    JsonNode hash = node.get("blockHash");
    JsonNode number = node.get("blockNumber");
    boolean hasHash = hash != null && !hash.isNull();
    boolean hasNumber = number != null && !number.isNull();
    if (hasHash && hasNumber) {
      throw new IllegalArgumentException("cannot specify both blockHash and blockNumber, choose one or the other");
    }
    if (hasHash) {
      if (!hash.isTextual()) {
        throw new IllegalArgumentException("blockHash must be a 0x-prefixed 32-byte hex string");
      }
      JsonNode canonical = node.get("requireCanonical");
      if (canonical != null && !canonical.isNull() && !canonical.isBoolean()) {
        throw new IllegalArgumentException("requireCanonical must be a boolean");
      }
      boolean requireCanonical = canonical != null && canonical.asBoolean(false);
      return new ByHash(Hash.wrap(Data.decodeFixed(hash.textValue(), 32, "blockHash")), requireCanonical);
    }
    if (hasNumber) {
      if (!number.isTextual()) {
        throw new IllegalArgumentException("blockNumber must be a hex string or a block tag");
      }
      return parseText(number.textValue(), false);
    }
    throw new IllegalArgumentException("block object must have blockHash or blockNumber");
  }

  private static String expected() {
    return "block must be \"latest\", \"earliest\", \"pending\", \"safe\", \"finalized\","
        + " a hex block number or {\"blockHash\"|\"blockNumber\"}";
  }

  private static String describe(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + abbreviate(node.toString());
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
