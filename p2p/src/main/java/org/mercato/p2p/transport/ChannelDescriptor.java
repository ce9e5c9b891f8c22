package org.mercato.p2p.transport;

import org.mercato.p2p.wire.Control;

/**
 * A channel the host carries (docs/spec/p2p.md §5): lower {@code priority} is sent first; each
 * peer has a queue bounded by message count and bytes. The bytes on a channel mean whatever the
 * channel's owner says; p2p never looks inside.
 */
public record ChannelDescriptor(int id, String name, int priority, int maxQueuedMessages, long maxQueuedBytes) {
  public ChannelDescriptor {
    if (id < 0 || id > 0xFF) {
      throw new IllegalArgumentException("channel id must fit a byte");
    }
    if (id == Control.CHANNEL) {
      throw new IllegalArgumentException("channel " + id + " is reserved for keep-alive (docs/spec/p2p.md §7.2)");
    }
    if (maxQueuedMessages < 1 || maxQueuedBytes < 1) {
      throw new IllegalArgumentException("queue bounds must be positive");
    }
  }
}
