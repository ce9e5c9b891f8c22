package org.mercato.p2p.transport;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mercato.p2p.peer.SendResult;
import org.mercato.p2p.wire.Envelope;
import org.mercato.p2p.wire.WireFormat;

/**
 * One peer's outbound queues, one per channel, bounded by messages and bytes; {@link #poll()}
 * takes from the highest-priority non-empty channel (docs/spec/p2p.md §5). Thread-safe: senders
 * offer from any thread, the event loop polls.
 */
final class OutboundQueues {
  private static final class Queue {
    final ChannelDescriptor channel;
    final ArrayDeque<byte[]> items = new ArrayDeque<>();
    long bytes;

    Queue(ChannelDescriptor channel) {
      this.channel = channel;
    }
  }

  private final Queue[] byPriority;
  private final Map<Integer, Queue> byId = new HashMap<>();

  OutboundQueues(List<ChannelDescriptor> channels) {
    byPriority = channels.stream()
        .sorted(Comparator.comparingInt(ChannelDescriptor::priority).thenComparingInt(ChannelDescriptor::id))
        .map(Queue::new)
        .toArray(Queue[]::new);
    for (Queue q : byPriority) {
      byId.put(q.channel.id(), q);
    }
  }

  /** Queues a copy of the payload as an envelope plaintext. */
  synchronized SendResult offer(int channelId, byte[] payload) {
    Queue q = byId.get(channelId);
    if (q == null) {
      return SendResult.UNKNOWN_CHANNEL;
    }
    if (payload.length > WireFormat.MAX_PAYLOAD) {
      return SendResult.TOO_LARGE;
    }
    if (q.items.size() >= q.channel.maxQueuedMessages() || q.bytes + payload.length > q.channel.maxQueuedBytes()) {
      return SendResult.QUEUE_FULL;
    }
    byte[] plaintext = new Envelope(channelId, payload).write();
    q.items.addLast(plaintext);
    q.bytes += payload.length;
    return SendResult.QUEUED;
  }

  /** The next envelope plaintext to send, highest priority first; null if all queues are empty. */
  synchronized byte[] poll() {
    for (Queue q : byPriority) {
      byte[] next = q.items.pollFirst();
      if (next != null) {
        q.bytes -= next.length - WireFormat.ENVELOPE_HEADER;
        return next;
      }
    }
    return null;
  }

  synchronized boolean isEmpty() {
    for (Queue q : byPriority) {
      if (!q.items.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  synchronized int size(int channelId) {
    Queue q = byId.get(channelId);
    return q == null ? 0 : q.items.size();
  }

  synchronized void clear() {
    for (Queue q : byPriority) {
      q.items.clear();
      q.bytes = 0;
    }
  }

  boolean hasChannel(int channelId) {
    return byId.containsKey(channelId);
  }
}
