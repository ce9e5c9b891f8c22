package org.mercato.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.rpc.jsonrpc.Data;
import org.mercato.state.block.Log;
import org.mercato.state.block.LogsBloom;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * An eth_getLogs filter: addresses (any of), and per topic position a set of alternatives (empty =
 * wildcard). Matching follows Ethereum: a log matches if its address is listed (or none are) and
 * each position's topic is one of the alternatives.
 */
record LogFilter(Optional<JsonNode> fromBlock, Optional<JsonNode> toBlock, Optional<Hash> blockHash,
    List<Address> addresses, List<List<Bytes32>> topics) {

  static LogFilter parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a filter object");
    }
    Optional<Hash> blockHash = Optional.ofNullable(node.get("blockHash")).filter(n -> !n.isNull())
        .map(n -> Hash.wrap(Data.decodeFixed(n.asText(), 32, "blockHash")));
    Optional<JsonNode> from = Optional.ofNullable(node.get("fromBlock")).filter(n -> !n.isNull());
    Optional<JsonNode> to = Optional.ofNullable(node.get("toBlock")).filter(n -> !n.isNull());
    if (blockHash.isPresent() && (from.isPresent() || to.isPresent())) {
      throw new IllegalArgumentException("cannot specify both blockHash and fromBlock/toBlock");
    }
    List<Address> addresses = new ArrayList<>();
    JsonNode a = node.get("address");
    if (a != null && !a.isNull()) {
      if (a.isArray()) {
        a.forEach(x -> addresses.add(Address.fromHex(x.asText())));
      } else {
        addresses.add(Address.fromHex(a.asText()));
      }
    }
    List<List<Bytes32>> topics = new ArrayList<>();
    JsonNode t = node.get("topics");
    if (t != null && !t.isNull()) {
      if (!t.isArray() || t.size() > Log.MAX_TOPICS) {
        throw new IllegalArgumentException("topics must be an array of at most 4 entries");
      }
      for (JsonNode pos : t) {
        List<Bytes32> alternatives = new ArrayList<>();
        if (pos.isArray()) {
          pos.forEach(x -> alternatives.add(topic(x)));
        } else if (!pos.isNull()) {
          alternatives.add(topic(pos));
        }
        topics.add(alternatives);
      }
    }
    return new LogFilter(from, to, blockHash, addresses, topics);
  }

  private static Bytes32 topic(JsonNode n) {
    return Bytes32.wrap(Data.decodeFixed(n.asText(), 32, "topic"));
  }

  /** False only if the bloom proves no log of the block can match. */
  boolean bloomMayMatch(Bytes bloom) {
    if (!addresses.isEmpty() && addresses.stream().noneMatch(x -> LogsBloom.mightContain(bloom, x.bytes()))) {
      return false;
    }
    for (List<Bytes32> alternatives : topics) {
      if (!alternatives.isEmpty() && alternatives.stream().noneMatch(x -> LogsBloom.mightContain(bloom, x))) {
        return false;
      }
    }
    return true;
  }

  boolean matches(Log log) {
    if (!addresses.isEmpty() && !addresses.contains(log.address())) {
      return false;
    }
    if (topics.size() > log.topics().size()) {
      // A position constrained (even by wildcard) beyond the log's topics cannot match, as in geth.
      return false;
    }
    for (int i = 0; i < topics.size(); i++) {
      List<Bytes32> alternatives = topics.get(i);
      if (!alternatives.isEmpty() && !alternatives.contains(log.topics().get(i))) {
        return false;
      }
    }
    return true;
  }
}
