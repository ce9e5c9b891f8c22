package org.mercato.state.exec;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.block.Log;
import org.mercato.state.tx.TransactionRejection;
import org.mercato.state.types.Wei;

/** The result of applying one transaction: it either executed (successfully or not) or cannot be in this block. */
public sealed interface TransactionOutcome {
  /** Executed and included: pays for {@code gasUsed} whatever {@code success} says. */
  record Executed(boolean success, long gasUsed, List<Log> logs, Bytes output, Wei burned, Wei tip) implements TransactionOutcome {
    public Executed {
      logs = List.copyOf(logs);
    }
  }

  /** Not includable in this block (wrong nonce, cannot pay...): a proposer skips it, a validator rejects the block. */
  record Invalid(TransactionRejection reason, String detail) implements TransactionOutcome {}
}
