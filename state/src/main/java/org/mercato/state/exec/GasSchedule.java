package org.mercato.state.exec;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.tx.AccessListEntry;

/** Ethereum's intrinsic gas (docs/spec/execution.md §Gas): what a transaction pays before any handler runs. */
public final class GasSchedule {
  public static final long TX_BASE = 21_000;
  public static final long DATA_ZERO_BYTE = 4;
  public static final long DATA_NONZERO_BYTE = 16;
  public static final long ACCESS_LIST_ADDRESS = 2_400;
  public static final long ACCESS_LIST_STORAGE_KEY = 1_900;

  private GasSchedule() {}

  public static long intrinsicGas(Bytes data, List<AccessListEntry> accessList) {
    long gas = TX_BASE;
    byte[] d = data.toArrayUnsafe();
    for (byte b : d) {
      gas += b == 0 ? DATA_ZERO_BYTE : DATA_NONZERO_BYTE;
    }
    for (AccessListEntry e : accessList) {
      gas += ACCESS_LIST_ADDRESS + ACCESS_LIST_STORAGE_KEY * e.storageKeys().size();
    }
    return gas;
  }
}
