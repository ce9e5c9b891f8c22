package org.mercato.state.exec;

import java.util.ArrayList;
import java.util.List;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.block.Receipt;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.Account;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * Runs a block's transactions over its parent state (docs/spec/execution.md §Blocks). The same code
 * builds a block (skipping what cannot be included) and validates one (where anything invalid
 * rejects the whole block), so a proposer and a validator can never disagree on the rules.
 */
public final class BlockExecutor {
  private final TransactionProcessor processor;

  public BlockExecutor(TransactionProcessor processor) {
    this.processor = processor;
  }

  /** Proposer's path: includes what fits and is valid, in the given order; returns what was skipped and why. */
  public BlockExecution build(WorldView parentState, BlockContext block, Iterable<Transaction> candidates) {
    return run(parentState, block, candidates, false);
  }

  /** Validator's path: every transaction must be includable, else the result says which and why. */
  public BlockExecution validate(WorldView parentState, BlockContext block, List<Transaction> transactions) {
    return run(parentState, block, transactions, true);
  }

  private BlockExecution run(WorldView parentState, BlockContext block, Iterable<Transaction> txs, boolean strict) {
    WorldUpdater world = new WorldUpdater(parentState);
    List<Transaction> included = new ArrayList<>();
    List<Receipt> receipts = new ArrayList<>();
    List<BlockExecution.Skipped> skipped = new ArrayList<>();
    long gasUsed = 0;
    Wei burned = Wei.ZERO;
    Wei tips = Wei.ZERO;
    for (Transaction tx : txs) {
      long remaining = block.gasLimit() - gasUsed;
      if (!strict && remaining < IntrinsicGas.TRANSACTION) {
        break;
      }
      TransactionOutcome outcome = processor.process(world, block, tx, remaining);
      if (outcome instanceof TransactionOutcome.Invalid bad) {
        BlockExecution.Skipped s = new BlockExecution.Skipped(tx, bad.reason(), bad.detail());
        if (strict) {
          return BlockExecution.invalid(s);
        }
        skipped.add(s);
        continue;
      }
      TransactionOutcome.Executed ok = (TransactionOutcome.Executed) outcome;
      gasUsed += ok.gasUsed();
      burned = burned.add(ok.burned());
      tips = tips.add(ok.tip());
      included.add(tx);
      receipts.add(Receipt.of(tx.type(), ok.success(), gasUsed, ok.logs()));
    }
    settleFees(world, block.proposer(), burned, tips);
    return new BlockExecution(included, receipts, gasUsed, burned, tips, world.toStateChanges(), skipped, null);
  }

  /** Fees settle once per block: the tip to the proposer, the base fee into the burned total. */
  private static void settleFees(WorldUpdater world, Address proposer, Wei burned, Wei tips) {
    if (!tips.isZero()) {
      Account p = world.accountOrEmpty(proposer);
      world.putAccount(proposer, p.withBalance(p.balance().add(tips)));
    }
    SupplyLedger.addBurned(world, burned);
  }
}
