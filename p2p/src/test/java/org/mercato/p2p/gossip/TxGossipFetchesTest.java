package org.mercato.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.gossip.PendingFetches.Ask;
import org.mercato.state.types.Hash;

/** The fetch bookkeeping behind TxGossip's re-asks (docs/spec/p2p.md §11 Fetching), on explicit times. */
class TxGossipFetchesTest {
  private static final long TIMEOUT = 5_000;
  private static final NodeId A = node(1);
  private static final NodeId B = node(2);
  private static final NodeId C = node(3);
  private static final NodeId D = node(4);
  private static final NodeId E = node(5);
  private static final Hash H = hash(1);

  private static NodeId node(int i) {
    return NodeId.fromHex(String.format("0x%040x", i));
  }

  private static Hash hash(int i) {
    return Hash.wrap(Bytes32.leftPad(Bytes.ofUnsignedInt(i)));
  }

  private static List<Ask> due(PendingFetches f, long now, Set<NodeId> connected) {
    return f.due(now, h -> false, connected::contains);
  }

  @Test
  void theFirstAnnouncerIsAskedAndUpToThreeOthersWaitTheirTurn() {
    PendingFetches f = new PendingFetches(100, TIMEOUT);
    assertTrue(f.announced(H, A, 0));
    for (NodeId other : List.of(B, C, A, D, E, B)) {
      assertFalse(f.announced(H, other, 10), "outstanding: not asked again");
    }
    assertEquals(PendingFetches.MAX_ALTERNATES, f.alternates(H), "B, C, D remembered; A is asked; E beyond the bound");
    assertEquals(List.of(), due(f, TIMEOUT - 1, Set.of(A, B, C, D, E)), "not yet timed out");

    Hash late = hash(2);
    f.announced(late, A, 0);
    assertTrue(f.announced(late, B, TIMEOUT), "timed out before the sweep: the new announcer is asked at once");
    assertEquals(1, f.alternates(late), "A waits behind B");
  }

  @Test
  void aTimedOutRequestGoesToTheNextConnectedAnnouncerAndTheSilentOneToTheBack() {
    PendingFetches f = new PendingFetches(100, TIMEOUT);
    Hash other = hash(2);
    f.announced(H, A, 0);
    f.announced(other, A, 0);
    f.announced(H, B, 1);
    f.announced(H, C, 2);
    Set<NodeId> all = Set.of(A, C); // B left
    assertEquals(List.of(new Ask(C, List.of(H)), new Ask(A, List.of(other))), due(f, TIMEOUT, all),
        "H: B is gone, so C; other: nobody else announced it, so A again");
    assertEquals(1, f.alternates(H), "A waits behind C");
    assertEquals(List.of(), due(f, 2 * TIMEOUT - 1, all));
    assertEquals(List.of(new Ask(A, List.of(H, other))), due(f, 2 * TIMEOUT, all));
    assertEquals(List.of(new Ask(C, List.of(H)), new Ask(A, List.of(other))), due(f, 3 * TIMEOUT, all));
    assertEquals(List.of(), due(f, 4 * TIMEOUT, all), "asked " + PendingFetches.MAX_ASKS + " times: forgotten");
    assertEquals(0, f.size());
    assertTrue(f.announced(H, C, 4 * TIMEOUT), "a new announcement starts over");
  }

  @Test
  void aRequestThatWasNotQueuedLeavesTheHashDueAtOnce() {
    PendingFetches f = new PendingFetches(100, TIMEOUT);
    assertTrue(f.announced(H, A, 0));
    f.notSent(A, List.of(H), 0);
    assertEquals(-1, f.alternates(H), "nobody else to ask: forgotten");
    assertTrue(f.announced(H, B, 1), "the next announcer is asked at once, within the 5 s");

    f.announced(H, C, 2); // remembered behind B
    f.notSent(B, List.of(H), 1);
    assertEquals(List.of(new Ask(C, List.of(H))), due(f, 3, Set.of(A, B, C)), "C asked at the next sweep, not after 5 s");
    f.notSent(B, List.of(H), 1); // stale: H was asked from C since
    assertEquals(List.of(), due(f, 4, Set.of(A, B, C)));
    assertFalse(f.announced(H, D, 5), "C's request is outstanding");
  }

  @Test
  void arrivedSeenAndOldestAreForgotten() {
    PendingFetches f = new PendingFetches(2, TIMEOUT);
    Hash h2 = hash(2);
    Hash h3 = hash(3);
    f.announced(H, A, 0);
    f.announced(h2, A, 0);
    f.announced(h3, A, 0);
    assertEquals(2, f.size());
    assertEquals(-1, f.alternates(H), "the oldest is forgotten beyond the capacity");
    f.arrived(h2);
    assertEquals(-1, f.alternates(h2));
    assertEquals(List.of(), f.due(TIMEOUT, h3::equals, Set.of(A, B)::contains), "seen meanwhile: forgotten, not asked");
    assertEquals(0, f.size());
  }
}
