package org.mercato.market.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * Solidity's storage encoding of {@code string} and {@code string[]} (docs/spec/data-market.md §Asset factory,
 * storage): a string of up to 31 bytes sits in its slot, left-aligned, last byte = 2·length; a longer one stores
 * 2·length + 1 in its slot and its bytes in words {@code keccak256(slot) + i}. A {@code string[]} stores its length in its
 * slot and element {@code i} (a string, as above) at {@code keccak256(slot) + i}.
 *
 * <p>Writers return how many slots they wrote, clearing words a previous longer value left behind (as Solidity
 * does), so the caller charges gas per slot written.
 */
public final class SolidityStorage {
  private SolidityStorage() {}

  /** Writes {@code s} at {@code slot}; returns the number of slots written (including cleared leftovers). */
  public static int writeString(WorldUpdater w, Address contract, Bytes32 slot, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int oldWords = dataWords(w.storage(contract, slot));
    int written = 1;
    if (b.length <= 31) {
      byte[] word = new byte[32];
      System.arraycopy(b, 0, word, 0, b.length);
      word[31] = (byte) (2 * b.length);
      w.putStorage(contract, slot, Bytes32.wrap(word));
    } else {
      w.putStorage(contract, slot, UInt256.valueOf(2L * b.length + 1).toBytes());
      UInt256 data = dataStart(slot);
      for (int i = 0; i * 32 < b.length; i++) {
        byte[] word = new byte[32];
        System.arraycopy(b, i * 32, word, 0, Math.min(32, b.length - i * 32));
        w.putStorage(contract, data.add(UInt256.valueOf(i)).toBytes(), Bytes32.wrap(word));
        written++;
      }
    }
    int newWords = b.length <= 31 ? 0 : (b.length + 31) / 32;
    UInt256 data = dataStart(slot);
    for (int i = newWords; i < oldWords; i++) {
      w.putStorage(contract, data.add(UInt256.valueOf(i)).toBytes(), Bytes32.ZERO);
      written++;
    }
    return written;
  }

  public static String readString(WorldView w, Address contract, Bytes32 slot) {
    Bytes32 head = w.storage(contract, slot);
    if ((head.get(31) & 1) == 0) {
      int len = Math.min((head.get(31) & 0xff) / 2, 31);
      return new String(head.slice(0, len).toArrayUnsafe(), StandardCharsets.UTF_8);
    }
    long len = UInt256.fromBytes(head).toLong() / 2;
    byte[] out = new byte[(int) len];
    UInt256 data = dataStart(slot);
    for (int i = 0; i * 32L < len; i++) {
      Bytes32 word = w.storage(contract, data.add(UInt256.valueOf(i)).toBytes());
      System.arraycopy(word.toArrayUnsafe(), 0, out, i * 32, (int) Math.min(32, len - i * 32L));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Writes a {@code string[]} at {@code slot}; returns the number of slots written (including cleared leftovers). */
  public static int writeStringArray(WorldUpdater w, Address contract, Bytes32 slot, List<String> values) {
    int oldLen = UInt256.fromBytes(w.storage(contract, slot)).intValue();
    w.putStorage(contract, slot, UInt256.valueOf(values.size()).toBytes());
    int written = 1;
    UInt256 data = dataStart(slot);
    for (int i = 0; i < Math.max(oldLen, values.size()); i++) {
      Bytes32 element = data.add(UInt256.valueOf(i)).toBytes();
      if (i < values.size()) {
        written += writeString(w, contract, element, values.get(i));
      } else {
        written += writeString(w, contract, element, ""); // clears the element and any long-string words
      }
    }
    return written;
  }

  public static List<String> readStringArray(WorldView w, Address contract, Bytes32 slot) {
    int len = UInt256.fromBytes(w.storage(contract, slot)).intValue();
    List<String> out = new ArrayList<>(len);
    UInt256 data = dataStart(slot);
    for (int i = 0; i < len; i++) {
      out.add(readString(w, contract, data.add(UInt256.valueOf(i)).toBytes()));
    }
    return List.copyOf(out);
  }

  /** Words of string data a head word refers to (0 for a short string). */
  private static int dataWords(Bytes32 head) {
    if ((head.get(31) & 1) == 0) {
      return 0;
    }
    long len = UInt256.fromBytes(head).toLong() / 2;
    return (int) ((len + 31) / 32);
  }

  private static UInt256 dataStart(Bytes32 slot) {
    return UInt256.fromBytes(Keccak.hash(Bytes.wrap(slot)).bytes());
  }
}
