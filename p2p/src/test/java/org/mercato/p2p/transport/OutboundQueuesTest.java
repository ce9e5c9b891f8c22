package org.mercato.p2p.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.peer.SendResult;
import org.mercato.p2p.wire.Envelope;
import org.mercato.p2p.wire.WireFormat;

class OutboundQueuesTest {
  private static final List<ChannelDescriptor> CHANNELS = List.of(
      new ChannelDescriptor(2, "blocksync", 2, 3, 1_000),
      new ChannelDescriptor(0, "consensus", 0, 10, 1_000),
      new ChannelDescriptor(1, "mempool", 1, 10, 10));

  private static Envelope next(OutboundQueues q) {
    byte[] p = q.poll();
    return p == null ? null : Envelope.read(p).value();
  }

  @Test
  void highestPriorityFirstAndFifoWithinAChannel() {
    OutboundQueues q = new OutboundQueues(CHANNELS);
    q.offer(2, new byte[] {1});
    q.offer(2, new byte[] {2});
    q.offer(1, new byte[] {3});
    q.offer(0, new byte[] {4});
    q.offer(0, new byte[] {5});
    assertEquals(new Envelope(0, new byte[] {4}), next(q));
    assertEquals(new Envelope(0, new byte[] {5}), next(q));
    assertEquals(new Envelope(1, new byte[] {3}), next(q));
    q.offer(0, new byte[] {6});
    assertEquals(new Envelope(0, new byte[] {6}), next(q), "a later consensus message overtakes queued bulk");
    assertEquals(new Envelope(2, new byte[] {1}), next(q));
    assertEquals(new Envelope(2, new byte[] {2}), next(q));
    assertNull(q.poll());
  }

  @Test
  void boundsDropTheNewMessage() {
    OutboundQueues q = new OutboundQueues(CHANNELS);
    for (int i = 0; i < 3; i++) {
      assertEquals(SendResult.QUEUED, q.offer(2, new byte[1]));
    }
    assertEquals(SendResult.QUEUE_FULL, q.offer(2, new byte[1]), "message bound");
    assertEquals(3, q.size(2));
    assertEquals(SendResult.QUEUED, q.offer(1, new byte[10]));
    assertEquals(SendResult.QUEUE_FULL, q.offer(1, new byte[1]), "byte bound");
    q.poll();
    q.poll();
    assertEquals(SendResult.QUEUED, q.offer(1, new byte[10]), "bytes are released when sent");
    assertEquals(SendResult.UNKNOWN_CHANNEL, q.offer(9, new byte[1]));
    assertEquals(SendResult.TOO_LARGE, new OutboundQueues(List.of(new ChannelDescriptor(0, "x", 0, 1, Long.MAX_VALUE)))
        .offer(0, new byte[WireFormat.MAX_PAYLOAD + 1]));
  }
}
