package org.mercato.state.exec;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.block.Log;

/**
 * What a system contract call produced. A failed call (revert) keeps none of its state changes or
 * logs but still pays for {@code gasUsed}; its output is ABI {@code Error(string)} so wallets show the reason.
 */
public record CallResult(boolean success, long gasUsed, Bytes output, List<Log> logs) {
  public CallResult {
    logs = List.copyOf(logs);
    if (gasUsed < 0) {
      throw new IllegalArgumentException("negative gas");
    }
  }

  public static CallResult success(long gasUsed, Bytes output, List<Log> logs) {
    return new CallResult(true, gasUsed, output, logs);
  }

  public static CallResult revert(long gasUsed, String reason) {
    return new CallResult(false, gasUsed, AbiErrors.encodeError(reason), List.of());
  }
}
