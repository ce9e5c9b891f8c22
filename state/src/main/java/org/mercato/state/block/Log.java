package org.mercato.state.block;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.mercato.state.types.Address;

/** An Ethereum log: the emitting address, up to four topics, and opaque data (ABI-encoded by the emitter). */
public record Log(Address address, List<Bytes32> topics, Bytes data) {
  public static final int MAX_TOPICS = 4;

  public Log {
    topics = List.copyOf(topics);
    if (topics.size() > MAX_TOPICS) {
      throw new IllegalArgumentException("a log has at most 4 topics");
    }
  }

  /** rlp([address, [topic...], data]), Ethereum's receipt form. */
  public void writeTo(RLPWriter w) {
    w.writeList(l -> {
      l.writeValue(address.bytes());
      l.writeList(topics, RLPWriter::writeValue);
      l.writeValue(data);
    });
  }

  public static Log readFrom(RLPReader r) {
    return r.readList(l -> {
      Address a = new Address(l.readValue());
      List<Bytes32> t = l.readListContents(x -> Bytes32.wrap(x.readValue()));
      Bytes d = l.readValue();
      return new Log(a, t, d);
    });
  }
}
