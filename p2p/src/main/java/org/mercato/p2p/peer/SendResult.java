package org.mercato.p2p.peer;

/** What became of a {@link Peer#send}: it never blocks (docs/spec/p2p.md §5). */
public enum SendResult {
  QUEUED,
  /** The channel's queue for this peer is full; the message was dropped. */
  QUEUE_FULL,
  /** The payload is above 1 MiB. */
  TOO_LARGE,
  UNKNOWN_CHANNEL,
  /** The connection is closed or closing. */
  CLOSED
}
