package org.mercato.p2p.sync;

/**
 * What block sync tells the node, on the sync thread. Must be quick. {@link #caughtUp} comes once:
 * after it the syncer no longer touches the chain and consensus takes over.
 */
public interface SyncListener {
  /** After each committed block (and when the target moves): for metrics. */
  default void progress(SyncProgress progress) {}

  /** The head reached the target (best peer head minus one); {@code height} is our head. */
  default void caughtUp(long height) {}
}
