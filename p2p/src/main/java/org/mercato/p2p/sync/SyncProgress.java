package org.mercato.p2p.sync;

/** Block sync's state for metrics: our head height and the height we sync to (best peer head - 1). */
public record SyncProgress(State state, long current, long target, int peers) {
  public enum State {
    /** Fetching and applying blocks (or waiting for peers' Status). */
    SYNCING,
    /** Reached the target; consensus drives the chain now. */
    CAUGHT_UP,
    CLOSED
  }
}
