package org.mercato.p2p.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.sync.SyncMessage.Blocks;
import org.mercato.p2p.sync.SyncMessage.GetBlocks;
import org.mercato.p2p.sync.SyncMessage.NoBlocks;
import org.mercato.p2p.sync.SyncMessage.Status;
import org.mercato.p2p.sync.SyncMessage.SyncBlock;
import org.mercato.p2p.wire.MessageError;
import org.mercato.p2p.wire.MessageResult;
import org.mercato.p2p.wire.StrictRlp;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.LogsBloom;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

class SyncCodecTest {
  private static final Hash H1 = Hash.wrap(Bytes.repeat((byte) 1, 32));
  private static final Hash H2 = Hash.wrap(Bytes.repeat((byte) 2, 32));

  static BlockHeader header(long number) {
    return new BlockHeader(H1, number, 1_000 + number, Address.ZERO, H2, Hash.EMPTY_TRIE_ROOT, Hash.EMPTY_TRIE_ROOT,
        LogsBloom.EMPTY, 30_000_000, 0, Wei.of(7), Bytes.fromHexString("0xc0ffee"),
        Hash.EMPTY_LIST_HASH);
  }

  private static SyncMessage roundTrip(SyncMessage m) {
    byte[] bytes = SyncCodec.encode(m);
    MessageResult<SyncMessage> r = SyncCodec.decode(bytes);
    assertTrue(r.isOk(), r.toString());
    assertArrayEquals(bytes, SyncCodec.encode(r.message()));
    return r.message();
  }

  private static void assertFails(MessageError expected, byte[] payload) {
    MessageResult<SyncMessage> r = SyncCodec.decode(payload);
    assertTrue(!r.isOk(), "accepted " + r);
    assertEquals(expected, r.error(), r.toString());
  }

  private static byte[] raw(int type, Bytes body) {
    return StrictRlp.frame(type, body);
  }

  @Test
  void everyMessageRoundTrips() {
    assertEquals(new Status(0, H1, H2), roundTrip(new Status(0, H1, H2)));
    assertEquals(new Status(Long.MAX_VALUE, H1, H2), roundTrip(new Status(Long.MAX_VALUE, H1, H2)));
    assertEquals(new GetBlocks(Long.MAX_VALUE, 5, 64), roundTrip(new GetBlocks(Long.MAX_VALUE, 5, 64)));
    assertEquals(new NoBlocks(9, NoBlocks.Reason.BUSY), roundTrip(new NoBlocks(9, NoBlocks.Reason.BUSY)));
    Blocks b = new Blocks(3, List.of(
        new SyncBlock(header(1), List.of()),
        new SyncBlock(header(2), List.of(Bytes.fromHexString("0x02c0"), Bytes.fromHexString("0xc101")),
            List.of(Bytes.fromHexString("0xc3010203"), Bytes.fromHexString("0x07")))));
    Blocks back = (Blocks) roundTrip(b);
    assertEquals(2, back.blocks().size());
    assertEquals(header(2), back.blocks().get(1).header());
    assertEquals(b.blocks().get(1).transactions(), back.blocks().get(1).transactions());
    assertEquals(List.of(), back.blocks().get(0).evidence());
    assertEquals(b.blocks().get(1).evidence(), back.blocks().get(1).evidence());
  }

  @Test
  void encodedSizeMatchesTheWire() {
    SyncBlock one = new SyncBlock(header(1), List.of(Bytes.random(100), Bytes.random(70_000)), List.of(Bytes.random(300)));
    int withOne = SyncCodec.encode(new Blocks(1, List.of(one))).length;
    int withTwo = SyncCodec.encode(new Blocks(1, List.of(one, one))).length;
    assertEquals(SyncCodec.encodedSize(one), withTwo - withOne);
  }

  @Test
  void emptyUnknownAndGarbageAreTyped() {
    assertFails(MessageError.EMPTY, new byte[0]);
    assertFails(MessageError.UNKNOWN_TYPE, new byte[] {0x09, (byte) 0xc0});
    assertFails(MessageError.MALFORMED, new byte[] {SyncCodec.STATUS});
    assertFails(MessageError.MALFORMED, new byte[] {SyncCodec.STATUS, (byte) 0xc5, 1});
    assertFails(MessageError.MALFORMED, new byte[] {SyncCodec.GET_BLOCKS, (byte) 0x83, 1, 2, 3});
    assertFails(MessageError.TOO_LARGE, new byte[SyncCodec.MAX_MESSAGE_BYTES + 1]);
  }

  @Test
  void fieldCountAndShapeAreChecked() {
    assertFails(MessageError.MALFORMED, raw(SyncCodec.STATUS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeValue(H1.bytes());
    })));
    assertFails(MessageError.MALFORMED, raw(SyncCodec.STATUS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeValue(H1.bytes());
      w.writeValue(H2.bytes());
      w.writeLong(4);
    })));
    assertFails(MessageError.MALFORMED, raw(SyncCodec.STATUS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeValue(Bytes.repeat((byte) 1, 31));
      w.writeValue(H2.bytes());
    })));
    assertFails(MessageError.MALFORMED, raw(SyncCodec.GET_BLOCKS, RLP.encodeList(w -> {
      w.writeList(l -> l.writeLong(1));
      w.writeLong(1);
      w.writeLong(1);
    })));
  }

  @Test
  void boundsAreChecked() {
    assertFails(MessageError.OUT_OF_RANGE, raw(SyncCodec.GET_BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeLong(1);
      w.writeLong(0);
    })));
    assertFails(MessageError.OUT_OF_RANGE, raw(SyncCodec.GET_BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeLong(1);
      w.writeLong(65);
    })));
    assertFails(MessageError.OUT_OF_RANGE, raw(SyncCodec.NO_BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeLong(2);
    })));
    assertFails(MessageError.OUT_OF_RANGE, raw(SyncCodec.STATUS, RLP.encodeList(w -> {
      w.writeValue(Bytes.fromHexString("0x8000000000000000"));
      w.writeValue(H1.bytes());
      w.writeValue(H2.bytes());
    })));
    assertFails(MessageError.TOO_LARGE, raw(SyncCodec.GET_BLOCKS, RLP.encodeList(w -> {
      w.writeValue(Bytes.repeat((byte) 1, 9));
      w.writeLong(1);
      w.writeLong(1);
    })));
    List<SyncBlock> many = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      many.add(new SyncBlock(header(i), List.of()));
    }
    assertFails(MessageError.OUT_OF_RANGE, raw(SyncCodec.BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeList(lw -> many.forEach(b -> lw.writeList(bw -> {
        bw.writeValue(b.header().encoded());
        bw.writeList(tw -> {});
        bw.writeList(ew -> {});
      })));
    })));
    assertFails(MessageError.OUT_OF_RANGE, raw(SyncCodec.BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeList(lw -> {});
    })));
    assertFails(MessageError.TOO_LARGE, raw(SyncCodec.BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeList(lw -> lw.writeList(bw -> {
        bw.writeValue(header(1).encoded());
        bw.writeList(tw -> tw.writeValue(Bytes.repeat((byte) 1, SyncCodec.MAX_TX_BYTES + 1)));
        bw.writeList(ew -> {});
      }));
    })));
    assertFails(MessageError.MALFORMED, raw(SyncCodec.BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeList(lw -> lw.writeList(bw -> {
        bw.writeValue(header(1).encoded());
        bw.writeList(tw -> tw.writeValue(Bytes.EMPTY));
        bw.writeList(ew -> {});
      }));
    })));
    assertFails(MessageError.TOO_LARGE, raw(SyncCodec.BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeList(lw -> lw.writeList(bw -> {
        bw.writeValue(header(1).encoded());
        bw.writeList(tw -> {});
        bw.writeList(ew -> ew.writeValue(Bytes.repeat((byte) 1, SyncCodec.MAX_EVIDENCE_BYTES + 1)));
      }));
    })));
    assertFails(MessageError.MALFORMED, raw(SyncCodec.BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeList(lw -> lw.writeList(bw -> {
        bw.writeValue(header(1).encoded());
        bw.writeList(tw -> {});
        bw.writeList(ew -> ew.writeValue(Bytes.EMPTY));
      }));
    })));
    // the pre-evidence form (no evidence list) is not accepted
    assertFails(MessageError.MALFORMED, raw(SyncCodec.BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeList(lw -> lw.writeList(bw -> {
        bw.writeValue(header(1).encoded());
        bw.writeList(tw -> {});
      }));
    })));
  }

  @Test
  void nonCanonicalEncodingsAreRefused() {
    // leading zero in a scalar
    assertFails(MessageError.NON_CANONICAL, raw(SyncCodec.GET_BLOCKS, RLP.encodeList(w -> {
      w.writeValue(Bytes.fromHexString("0x0001"));
      w.writeLong(1);
      w.writeLong(1);
    })));
    // trailing bytes after the body
    byte[] ok = SyncCodec.encode(new GetBlocks(1, 1, 1));
    byte[] trailing = java.util.Arrays.copyOf(ok, ok.length + 1);
    assertFails(MessageError.NON_CANONICAL, trailing);
    // a single byte below 0x80 written as a one-byte string (0x81 0x05)
    byte[] longForm = {SyncCodec.GET_BLOCKS, (byte) 0xc4, 0x01, 0x01, (byte) 0x81, 0x05};
    MessageResult<SyncMessage> r = SyncCodec.decode(longForm);
    assertTrue(!r.isOk(), r.toString());
  }

  @Test
  void headersMustDecodeAndBeCanonical() {
    assertFails(MessageError.MALFORMED, raw(SyncCodec.BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeList(lw -> lw.writeList(bw -> {
        bw.writeValue(Bytes.fromHexString("0xc3010203"));
        bw.writeList(tw -> {});
      }));
    })));
    // the header RLP with a trailing byte: decodes, but is not the canonical encoding
    Bytes padded = Bytes.concatenate(header(1).encoded(), Bytes.of(0));
    MessageResult<SyncMessage> r = SyncCodec.decode(raw(SyncCodec.BLOCKS, RLP.encodeList(w -> {
      w.writeLong(1);
      w.writeList(lw -> lw.writeList(bw -> {
        bw.writeValue(padded);
        bw.writeList(tw -> {});
      }));
    })));
    assertTrue(!r.isOk(), r.toString());
  }
}
