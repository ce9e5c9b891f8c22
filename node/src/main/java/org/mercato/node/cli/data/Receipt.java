package org.mercato.node.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;

/** The parts of a transaction receipt the CLI reports and decodes. */
public record Receipt(String hash, long block, boolean success, long gasUsed, BigInteger effectiveGasPrice, List<LogEntry> logs) {
  /** One log: emitting address, topics, data. */
  public record LogEntry(Address address, List<Bytes32> topics, Bytes data) {}

  public BigInteger fee() {
    return effectiveGasPrice.multiply(BigInteger.valueOf(gasUsed));
  }

  /** The first log of {@code emitter} whose topic0 is {@code topic}. */
  public LogEntry log(Address emitter, Bytes32 topic) {
    return logs.stream().filter(l -> l.address().equals(emitter) && !l.topics().isEmpty() && l.topics().get(0).equals(topic))
        .findFirst().orElseThrow(() -> new IllegalStateException("transaction " + hash + " emitted no expected event " + topic));
  }

  static Receipt of(JsonNode r) {
    List<LogEntry> logs = new ArrayList<>();
    for (JsonNode l : r.path("logs")) {
      List<Bytes32> topics = new ArrayList<>();
      l.path("topics").forEach(t -> topics.add(Bytes32.fromHexString(t.asText())));
      logs.add(new LogEntry(Address.fromHex(l.path("address").asText()), List.copyOf(topics), Bytes.fromHexString(l.path("data").asText())));
    }
    return new Receipt(r.path("transactionHash").asText(), quantity(r.path("blockNumber")).longValueExact(),
        "0x1".equals(r.path("status").asText()), quantity(r.path("gasUsed")).longValueExact(),
        quantity(r.path("effectiveGasPrice")), List.copyOf(logs));
  }

  static BigInteger quantity(JsonNode n) {
    String s = n.asText();
    if (!s.startsWith("0x")) {
      throw new IllegalStateException("not a quantity: " + n);
    }
    return new BigInteger(s.substring(2), 16);
  }
}
