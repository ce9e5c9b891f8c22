package org.mercato.p2p.peer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many connections closed for each {@link DisconnectReason} since start, admitted peers and failed
 * connections alike (docs/spec/p2p.md §6): what an operator reads to see bans, keep-alive timeouts and
 * handshake failures. Thread-safe.
 */
public final class DisconnectStats {
  private final Map<DisconnectReason, AtomicLong> counts = new EnumMap<>(DisconnectReason.class);

  public DisconnectStats() {
    for (DisconnectReason r : DisconnectReason.values()) {
      counts.put(r, new AtomicLong());
    }
  }

  public void record(DisconnectReason reason) {
    counts.get(reason).incrementAndGet();
  }

  public long count(DisconnectReason reason) {
    return counts.get(reason).get();
  }
}
