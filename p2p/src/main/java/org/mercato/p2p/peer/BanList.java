package org.mercato.p2p.peer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mercato.p2p.crypto.NodeId;

/** Node ids banned for misbehaviour until a time of the injected clock (docs/spec/p2p.md §6). Thread-safe. */
public final class BanList {
  private final Clock clock;
  private final Duration duration;
  private final Map<NodeId, Instant> until = new ConcurrentHashMap<>();

  public BanList(Clock clock, Duration duration) {
    this.clock = clock;
    this.duration = duration;
  }

  public void ban(NodeId id) {
    until.put(id, clock.instant().plus(duration));
  }

  public boolean isBanned(NodeId id) {
    Instant end = until.get(id);
    if (end == null) {
      return false;
    }
    if (clock.instant().isBefore(end)) {
      return true;
    }
    until.remove(id, end);
    return false;
  }
}
