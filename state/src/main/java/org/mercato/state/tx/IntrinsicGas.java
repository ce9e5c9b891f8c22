package org.mercato.state.tx;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;

/**
 * The gas a transaction costs before it does anything (Ethereum's rules for a call: EIP-2028 data
 * pricing, EIP-2930 access lists). Contract creation's extra cost is absent: Mercato refuses creation.
 */
public final class IntrinsicGas {
  public static final long TRANSACTION = 21_000;
  public static final long ZERO_DATA_BYTE = 4;
  public static final long NON_ZERO_DATA_BYTE = 16;
  public static final long ACCESS_LIST_ADDRESS = 2_400;
  public static final long ACCESS_LIST_STORAGE_KEY = 1_900;

  private IntrinsicGas() {}

  public static long of(Transaction tx) {
    return of(tx.data(), tx.accessList());
  }

  public static long of(Bytes data, List<AccessListEntry> accessList) {
    byte[] raw = data.toArrayUnsafe();
    long zeros = 0;
    for (byte b : raw) {
      if (b == 0) {
        zeros++;
      }
    }
    long gas = TRANSACTION + zeros * ZERO_DATA_BYTE + (raw.length - zeros) * NON_ZERO_DATA_BYTE;
    for (AccessListEntry e : accessList) {
      gas += ACCESS_LIST_ADDRESS + e.storageKeys().size() * ACCESS_LIST_STORAGE_KEY;
    }
    return gas;
  }
}
