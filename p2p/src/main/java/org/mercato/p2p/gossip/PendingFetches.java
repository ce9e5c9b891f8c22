package org.mercato.p2p.gossip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.state.types.Hash;

/**
 * The announced hashes this node is fetching (docs/spec/p2p.md §11 Fetching): whom each was asked from,
 * when, and up to {@link #MAX_ALTERNATES} other announcers to ask if that one does not deliver. Honest
 * peers announce a hash once, so without them a withheld answer would strand the transaction. Times are
 * the caller's monotonic nanoseconds. Thread-safe; bounded by {@code capacity} hashes (oldest forgotten).
 */
final class PendingFetches {
  /** Announcers remembered per hash besides the one asked. */
  static final int MAX_ALTERNATES = 3;
  /** Asks per hash (first one included) before it is forgotten; a new announcement starts over. */
  static final int MAX_ASKS = 4;

  private final long timeoutNanos;
  private final LinkedHashMap<Hash, Fetch> fetches;

  /** One asked peer: a Request to it queued at {@code askedAt} ({@code to} null: nobody asked, due now). */
  private static final class Fetch {
    NodeId to;
    long askedAt;
    int asks;
    final ArrayDeque<NodeId> alternates = new ArrayDeque<>(MAX_ALTERNATES);

    void ask(NodeId peer, long now) {
      to = peer;
      askedAt = now;
      asks++;
      alternates.remove(peer);
    }

    void remember(NodeId peer) {
      if (!peer.equals(to)) {
        requeue(peer);
      }
    }

    /** The peer that did not deliver, behind the others (it may have cut its answer short at the response cap). */
    void requeue(NodeId peer) {
      if (!alternates.contains(peer) && alternates.size() < MAX_ALTERNATES) {
        alternates.add(peer);
      }
    }

    boolean outstanding(long now, long timeout) {
      return to != null && now - askedAt < timeout;
    }
  }

  /** Hashes to ask from one peer, as decided by {@link #announced} or {@link #due}. */
  record Ask(NodeId peer, List<Hash> hashes) {}

  PendingFetches(int capacity, long timeoutNanos) {
    if (capacity < 1 || timeoutNanos < 1) {
      throw new IllegalArgumentException("capacity and timeout must be positive");
    }
    this.timeoutNanos = timeoutNanos;
    this.fetches = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Hash, Fetch> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * {@code from} announced {@code hash}: true if it is to be asked now (and is recorded as asked), false if a
   * request for it is outstanding elsewhere (then {@code from} is remembered as an alternate, if there is room).
   */
  synchronized boolean announced(Hash hash, NodeId from, long now) {
    Fetch f = fetches.get(hash);
    if (f == null) {
      f = new Fetch();
      fetches.put(hash, f);
    } else if (f.outstanding(now, timeoutNanos)) {
      f.remember(from);
      return false;
    } else if (f.to != null && !f.to.equals(from)) {
      f.requeue(f.to); // timed out, not yet swept: it goes to the back of the line
    }
    f.ask(from, now);
    return true;
  }

  /**
   * The Request for {@code hashes} asked at {@code askedAt} was not queued to {@code peer}: each of them that is
   * still waiting on that ask becomes due at once (the next announcer or a remembered one is asked), or is
   * forgotten if nobody else is remembered.
   */
  synchronized void notSent(NodeId peer, List<Hash> hashes, long askedAt) {
    for (Hash h : hashes) {
      Fetch f = fetches.get(h);
      if (f == null || !peer.equals(f.to) || f.askedAt != askedAt) {
        continue; // re-asked meanwhile
      }
      if (f.alternates.isEmpty()) {
        fetches.remove(h);
      } else {
        f.to = null;
      }
    }
  }

  /** {@code hash} arrived (from anyone) or was admitted otherwise: nothing more to fetch. */
  synchronized void arrived(Hash hash) {
    fetches.remove(hash);
  }

  /**
   * The hashes whose request went unanswered for the timeout (or was never queued), each re-asked from its next
   * announcer still {@code connected}, grouped by that peer in fetch order; the one that did not deliver goes to the
   * back of the line. Hashes already {@code seen}, with nobody left to ask, or asked {@link #MAX_ASKS} times are
   * forgotten. The returned hashes are recorded as asked at {@code now}.
   */
  synchronized List<Ask> due(long now, Predicate<Hash> seen, Predicate<NodeId> connected) {
    Map<NodeId, List<Hash>> asks = new LinkedHashMap<>();
    for (Iterator<Map.Entry<Hash, Fetch>> it = fetches.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Hash, Fetch> e = it.next();
      Fetch f = e.getValue();
      if (seen.test(e.getKey())) {
        it.remove();
        continue;
      }
      if (f.outstanding(now, timeoutNanos)) {
        continue;
      }
      NodeId next = f.asks >= MAX_ASKS ? null : next(f, connected);
      if (next == null) {
        it.remove();
        continue;
      }
      if (f.to != null && !f.to.equals(next)) {
        f.requeue(f.to); // room: next was taken from the alternates
      }
      f.ask(next, now);
      asks.computeIfAbsent(next, k -> new ArrayList<>()).add(e.getKey());
    }
    List<Ask> out = new ArrayList<>(asks.size());
    asks.forEach((peer, hashes) -> out.add(new Ask(peer, hashes)));
    return out;
  }

  /** The first connected alternate (the disconnected ones are dropped), else the peer asked last if connected. */
  private static NodeId next(Fetch f, Predicate<NodeId> connected) {
    while (!f.alternates.isEmpty()) {
      NodeId alt = f.alternates.poll();
      if (connected.test(alt)) {
        return alt;
      }
    }
    return f.to != null && connected.test(f.to) ? f.to : null;
  }

  synchronized int size() {
    return fetches.size();
  }

  /** Announcers remembered for {@code hash} besides the one asked; -1 if it is not being fetched. */
  synchronized int alternates(Hash hash) {
    Fetch f = fetches.get(Objects.requireNonNull(hash));
    return f == null ? -1 : f.alternates.size();
  }
}
