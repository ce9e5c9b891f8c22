package org.mercato.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.gossip.GossipCodec.Transactions;
import org.mercato.p2p.wire.MessageError;
import org.mercato.p2p.wire.MessageResult;
import org.mercato.p2p.wire.StrictRlp;
import org.mercato.state.types.Hash;

class GossipCodecTest {
  private static void assertFails(MessageError expected, byte[] payload) {
    MessageResult<GossipCodec.GossipMessage> r = GossipCodec.decode(payload);
    assertFalse(r.isOk(), "accepted " + r);
    assertEquals(expected, r.error(), r.toString());
  }

  @Test
  void roundTrips() {
    Transactions t = new Transactions(List.of(Bytes.fromHexString("0x02c0"), Bytes.random(300), Bytes.of(1)));
    byte[] bytes = GossipCodec.encode(t);
    MessageResult<GossipCodec.GossipMessage> r = GossipCodec.decode(bytes);
    assertTrue(r.isOk(), r.toString());
    assertEquals(t, r.message());
    assertArrayEquals(bytes, GossipCodec.encode(r.message()));
    for (GossipCodec.GossipMessage m : List.of(
        new GossipCodec.Announce(List.of(Hash.wrap(Bytes32.random()), Hash.wrap(Bytes32.random()))),
        new GossipCodec.Request(List.of(Hash.wrap(Bytes32.random()))))) {
      byte[] encoded = GossipCodec.encode(m);
      assertEquals(m, GossipCodec.decode(encoded).message());
      assertArrayEquals(encoded, GossipCodec.encode(GossipCodec.decode(encoded).message()));
    }
  }

  @Test
  void announcementsAndRequestsHoldOnly32ByteHashesWithinTheirBounds() {
    assertFails(MessageError.OUT_OF_RANGE, StrictRlp.frame(GossipCodec.ANNOUNCE, RLP.encodeList(w -> {})));
    assertFails(MessageError.MALFORMED, StrictRlp.frame(GossipCodec.REQUEST, RLP.encodeList(w -> w.writeValue(Bytes.of(1, 2)))));
    List<Bytes> many = new ArrayList<>();
    for (int i = 0; i <= GossipCodec.MAX_REQUESTED; i++) {
      many.add(Bytes32.random());
    }
    assertFails(MessageError.OUT_OF_RANGE, StrictRlp.frame(GossipCodec.REQUEST, RLP.encodeList(w -> many.forEach(w::writeValue))));
    // exactly the maximum is a valid Request; one more is what TxGossip closes and bans for (p2p.md §11 Serving)
    List<Bytes> max = many.subList(0, GossipCodec.MAX_REQUESTED);
    MessageResult<GossipCodec.GossipMessage> r =
        GossipCodec.decode(StrictRlp.frame(GossipCodec.REQUEST, RLP.encodeList(w -> max.forEach(w::writeValue))));
    assertTrue(r.isOk(), r.toString());
    assertEquals(GossipCodec.MAX_REQUESTED, ((GossipCodec.Request) r.message()).hashes().size());
  }

  @Test
  void malformedAndOutOfBoundsAreTyped() {
    assertFails(MessageError.EMPTY, new byte[0]);
    assertFails(MessageError.UNKNOWN_TYPE, new byte[] {0x04, (byte) 0xc0});
    assertFails(MessageError.MALFORMED, new byte[] {0x01});
    assertFails(MessageError.MALFORMED, new byte[] {0x01, 0x05});
    assertFails(MessageError.MALFORMED, new byte[] {0x01, (byte) 0xc3, 0x01});
    assertFails(MessageError.OUT_OF_RANGE, StrictRlp.frame(1, RLP.encodeList(w -> {})));
    List<Bytes> many = new ArrayList<>();
    for (int i = 0; i <= GossipCodec.MAX_TXS; i++) {
      many.add(Bytes.of(1));
    }
    assertFails(MessageError.OUT_OF_RANGE, StrictRlp.frame(1, RLP.encodeList(w -> many.forEach(w::writeValue))));
    assertFails(MessageError.MALFORMED, StrictRlp.frame(1, RLP.encodeList(w -> w.writeValue(Bytes.EMPTY))));
    assertFails(MessageError.MALFORMED, StrictRlp.frame(1, RLP.encodeList(w -> w.writeList(l -> l.writeLong(1)))));
    assertFails(MessageError.TOO_LARGE,
        StrictRlp.frame(1, RLP.encodeList(w -> w.writeValue(Bytes.repeat((byte) 1, GossipCodec.MAX_TX_BYTES + 1)))));
    byte[] ok = GossipCodec.encode(new Transactions(List.of(Bytes.of(1, 2))));
    assertFails(MessageError.NON_CANONICAL, java.util.Arrays.copyOf(ok, ok.length + 2));
  }
}
