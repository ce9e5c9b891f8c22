package org.mercato.state.txpool;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.mercato.state.types.Address;

/**
 * One sender's transactions by nonce. The first {@code pendingCount} nonces from
 * {@code stateNonce} are present without a gap (pending, executable in order); the rest wait for
 * the gap to fill (queued). Not thread-safe: the pool guards it.
 */
final class SenderQueue {
  final Address sender;
  /** Nonces are unsigned 64-bit; unsigned order keeps a nonce >= 2^63 at the end where it belongs. */
  private final TreeMap<Long, PoolEntry> byNonce = new TreeMap<>(Long::compareUnsigned);
  private long stateNonce;
  private int pendingCount;

  SenderQueue(Address sender, long stateNonce) {
    this.sender = sender;
    this.stateNonce = stateNonce;
  }

  long stateNonce() {
    return stateNonce;
  }

  int pendingCount() {
    return pendingCount;
  }

  int size() {
    return byNonce.size();
  }

  boolean isEmpty() {
    return byNonce.isEmpty();
  }

  PoolEntry get(long nonce) {
    return byNonce.get(nonce);
  }

  boolean isPending(long nonce) {
    return Long.compareUnsigned(nonce, stateNonce) >= 0 && Long.compareUnsigned(nonce - stateNonce, pendingCount) < 0;
  }

  /** Inserts or replaces; returns the pending-count change. The caller checked nonce >= stateNonce. */
  int put(PoolEntry entry) {
    byNonce.put(entry.tx().nonce(), entry);
    return extendPending();
  }

  /**
   * Moves to a new account nonce: hands every transaction below it to {@code dropped} and
   * recounts the pending run, walking only newly promoted nonces. Returns the pending-count change.
   */
  int advanceTo(long newNonce, Consumer<PoolEntry> dropped) {
    if (newNonce == stateNonce) {
      return 0;
    }
    int before = pendingCount;
    while (!byNonce.isEmpty() && Long.compareUnsigned(byNonce.firstKey(), newNonce) < 0) {
      Map.Entry<Long, PoolEntry> first = byNonce.pollFirstEntry();
      dropped.accept(first.getValue());
    }
    if (Long.compareUnsigned(newNonce, stateNonce) > 0) {
      long runEnd = stateNonce + pendingCount;
      pendingCount = Long.compareUnsigned(newNonce, runEnd) < 0 ? (int) (runEnd - newNonce) : 0;
    } else {
      pendingCount = 0; // the nonce went back (a reorg): recount from scratch
    }
    stateNonce = newNonce;
    extendPending();
    return pendingCount - before;
  }

  /** Removes one nonce; later pending ones become queued (they cannot run before it). Returns the pending-count change. */
  int remove(long nonce) {
    if (byNonce.remove(nonce) == null) {
      return 0;
    }
    if (!isPending(nonce)) {
      return 0;
    }
    int before = pendingCount;
    pendingCount = (int) (nonce - stateNonce);
    return pendingCount - before;
  }

  private int extendPending() {
    int before = pendingCount;
    while (byNonce.containsKey(stateNonce + pendingCount)) {
      pendingCount++;
    }
    return pendingCount - before;
  }
}
