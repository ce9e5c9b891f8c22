package org.mercato.p2p.gossip;

import java.util.LinkedHashMap;
import java.util.Map;

/** A thread-safe set that forgets its oldest entries beyond {@code capacity}. */
final class RecentSet<T> {
  private final LinkedHashMap<T, Boolean> map;

  RecentSet(int capacity) {
    this.map = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Adds; true if it was not there. */
  synchronized boolean add(T value) {
    return map.put(value, Boolean.TRUE) == null;
  }

  /** Removes; true if it was there. */
  synchronized boolean remove(T value) {
    return map.remove(value) != null;
  }

  synchronized boolean contains(T value) {
    return map.containsKey(value);
  }

  synchronized int size() {
    return map.size();
  }
}
