package org.mercato.state.crypto.hd;

import java.util.ArrayList;
import java.util.List;

/** A BIP-32 path such as m/44'/60'/0'/0/0; hardened indexes carry bit 31 (written ' or h). */
public record DerivationPath(List<Integer> indexes) {
  public static final int HARDENED = 0x8000_0000;
  /** BIP-44 account path for Ethereum (coin type 60), under which address i is child i. */
  public static final DerivationPath ETHEREUM_ACCOUNTS = parse("m/44'/60'/0'/0");

  public DerivationPath {
    indexes = List.copyOf(indexes);
  }

  public static DerivationPath parse(String path) {
    String[] parts = path.trim().split("/");
    if (parts.length == 0 || !parts[0].equals("m")) {
      throw new IllegalArgumentException("path must start with m: " + path);
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i];
      boolean hardened = p.endsWith("'") || p.endsWith("h") || p.endsWith("H");
      String digits = hardened ? p.substring(0, p.length() - 1) : p;
      long index;
      try {
        index = Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad path element '" + p + "' in " + path);
      }
      if (index < 0 || index >= (1L << 31)) {
        throw new IllegalArgumentException("path index out of range [0, 2^31): " + p);
      }
      out.add(hardened ? (int) index | HARDENED : (int) index);
    }
    return new DerivationPath(out);
  }

  public DerivationPath child(int index) {
    List<Integer> out = new ArrayList<>(indexes);
    out.add(index);
    return new DerivationPath(out);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("m");
    for (int i : indexes) {
      b.append('/').append(i & ~HARDENED).append((i & HARDENED) != 0 ? "'" : "");
    }
    return b.toString();
  }
}
