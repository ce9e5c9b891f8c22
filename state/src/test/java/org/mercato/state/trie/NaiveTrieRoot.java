package org.mercato.state.trie;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Hash;

/**
 * An independent reference for test oracles: builds the whole trie recursively from a sorted key
 * set, straight from the Yellow Paper's definition, with tuweni's RLP and no shared code with the
 * production trie other than keccak. Slow and obviously correct is the point.
 */
public final class NaiveTrieRoot {
  private NaiveTrieRoot() {}

  public static Hash of(Map<Bytes, Bytes> entries) {
    NavigableMap<String, Bytes> byNibbles = new TreeMap<>();
    entries.forEach((k, v) -> {
      if (!v.isEmpty()) {
        byNibbles.put(nibbles(k), v);
      }
    });
    if (byNibbles.isEmpty()) {
      return Keccak.hash(RLP.encodeValue(Bytes.EMPTY));
    }
    return Keccak.hash(node(new ArrayList<>(byNibbles.entrySet()), 0));
  }

  /** Nibbles as a hex string: sorting strings sorts keys the way the trie walks them. */
  private static String nibbles(Bytes key) {
    return key.toUnprefixedHexString();
  }

  private static Bytes node(List<Map.Entry<String, Bytes>> entries, int depth) {
    if (entries.size() == 1) {
      Map.Entry<String, Bytes> e = entries.get(0);
      return RLP.encodeList(w -> {
        w.writeValue(hexPrefix(e.getKey().substring(depth), true));
        w.writeValue(e.getValue());
      });
    }
    String first = entries.get(0).getKey();
    String last = entries.get(entries.size() - 1).getKey();
    int common = 0;
    while (depth + common < first.length()
        && depth + common < last.length()
        && first.charAt(depth + common) == last.charAt(depth + common)) {
      common++;
    }
    if (common > 0) {
      int c = common;
      Bytes child = node(entries, depth + c);
      return RLP.encodeList(w -> {
        w.writeValue(hexPrefix(first.substring(depth, depth + c), false));
        writeRef(w, child);
      });
    }
    Bytes value = Bytes.EMPTY;
    List<List<Map.Entry<String, Bytes>>> groups = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      groups.add(new ArrayList<>());
    }
    for (Map.Entry<String, Bytes> e : entries) {
      if (e.getKey().length() == depth) {
        value = e.getValue();
      } else {
        groups.get(Character.digit(e.getKey().charAt(depth), 16)).add(e);
      }
    }
    Bytes v = value;
    return RLP.encodeList(w -> {
      for (List<Map.Entry<String, Bytes>> g : groups) {
        if (g.isEmpty()) {
          w.writeValue(Bytes.EMPTY);
        } else {
          writeRef(w, node(g, depth + 1));
        }
      }
      w.writeValue(v);
    });
  }

  private static void writeRef(org.apache.tuweni.rlp.RLPWriter w, Bytes child) {
    if (child.size() < 32) {
      w.writeRLP(child);
    } else {
      w.writeValue(Keccak.hash(child).bytes());
    }
  }

  private static Bytes hexPrefix(String path, boolean leaf) {
    int flag = (leaf ? 2 : 0) + (path.length() % 2);
    String padded = (path.length() % 2 == 1) ? Integer.toHexString(flag) + path : Integer.toHexString(flag) + "0" + path;
    return Bytes.fromHexString(padded);
  }
}
