package org.mercato.state.exec;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.block.Log;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionRejection;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.Account;
import org.mercato.state.world.WorldUpdater;

/**
 * Applies one transaction to a block's world state (docs/spec/execution.md §Transactions). The
 * sender pays gasLimit × effective price up front and gets the unused part back; a failed system
 * call reverts its own changes but keeps the nonce increment and the fee. Burn and tip are returned
 * to the caller, which settles them once per block.
 */
public final class TransactionProcessor {
  private final SystemContracts systemContracts;

  public TransactionProcessor(SystemContracts systemContracts) {
    this.systemContracts = systemContracts;
  }

  public TransactionOutcome process(WorldUpdater world, BlockContext block, Transaction tx, long blockGasRemaining) {
    if (tx.gasLimit() > blockGasRemaining) {
      return invalid(TransactionRejection.GAS_LIMIT_EXCEEDS_BLOCK, "gas limit " + tx.gasLimit() + " > remaining " + blockGasRemaining);
    }
    Optional<Address> to = tx.to();
    if (to.isEmpty()) {
      return invalid(TransactionRejection.CONTRACT_CREATION_UNSUPPORTED, "");
    }
    long intrinsic = IntrinsicGas.of(tx.data(), tx.accessList());
    if (tx.gasLimit() < intrinsic) {
      return invalid(TransactionRejection.INTRINSIC_GAS_TOO_LOW, "gas " + tx.gasLimit() + ", minimum needed " + intrinsic);
    }
    if (tx.maxFeePerGas().lessThan(block.baseFee())) {
      return invalid(TransactionRejection.FEE_CAP_BELOW_BASE_FEE,
          "maxFeePerGas: " + tx.maxFeePerGas() + " baseFee: " + block.baseFee());
    }
    if (tx.maxFeePerGas().lessThan(tx.maxPriorityFeePerGas())) {
      return invalid(TransactionRejection.TIP_ABOVE_FEE_CAP, "");
    }
    Account sender = world.accountOrEmpty(tx.sender());
    if (tx.nonce() != sender.nonce()) {
      return invalid(tx.nonce() < sender.nonce() ? TransactionRejection.NONCE_TOO_LOW : TransactionRejection.NONCE_TOO_HIGH,
          "address " + tx.sender() + ", tx: " + tx.nonce() + " state: " + sender.nonce());
    }
    Wei maxCost = new Wei(tx.maxFeePerGas().value().multiply(BigInteger.valueOf(tx.gasLimit())).add(tx.value().value()));
    if (sender.balance().lessThan(maxCost)) {
      return invalid(TransactionRejection.INSUFFICIENT_FUNDS,
          "address " + tx.sender() + " have " + sender.balance() + " want " + maxCost);
    }

    Wei price = tx.effectiveGasPrice(block.baseFee());
    Wei upfront = price.multiply(tx.gasLimit());
    world.putAccount(tx.sender(), sender.withNonce(sender.nonce() + 1).withBalance(sender.balance().subtract(upfront)));

    long gasUsed;
    boolean success;
    List<Log> logs = List.of();
    Bytes output = Bytes.EMPTY;
    Optional<SystemContract> contract = systemContracts.lookup(to.get(), world);
    if (contract.isPresent()) {
      // The call's writes (value included) live in a child overlay, kept only if the call succeeds.
      WorldUpdater call = world.child();
      transfer(call, tx.sender(), to.get(), tx.value());
      long available = tx.gasLimit() - intrinsic;
      CallResult r = contract.get().call(new SystemCall(tx.sender(), tx.value(), tx.data(), available, false, block, tx.hash()), call);
      success = r.success() && r.gasUsed() <= available;
      gasUsed = intrinsic + Math.min(r.gasUsed(), available);
      output = r.output();
      if (success) {
        logs = r.logs();
        call.commit();
      }
    } else {
      transfer(world, tx.sender(), to.get(), tx.value());
      success = true;
      gasUsed = intrinsic;
    }

    Account after = world.accountOrEmpty(tx.sender());
    Wei refund = price.multiply(tx.gasLimit() - gasUsed);
    world.putAccount(tx.sender(), after.withBalance(after.balance().add(refund)));
    Wei burned = block.baseFee().multiply(gasUsed);
    Wei tip = price.subtract(block.baseFee()).multiply(gasUsed);
    return new TransactionOutcome.Executed(success, gasUsed, logs, output, burned, tip);
  }

  /** Moves coins between accounts in {@code world}; the caller has checked the balance. */
  static void transfer(WorldUpdater world, Address from, Address to, Wei value) {
    if (value.isZero()) {
      return;
    }
    Account f = world.accountOrEmpty(from);
    world.putAccount(from, f.withBalance(f.balance().subtract(value)));
    Account t = world.accountOrEmpty(to);
    world.putAccount(to, t.withBalance(t.balance().add(value)));
  }

  private static TransactionOutcome invalid(TransactionRejection r, String detail) {
    return new TransactionOutcome.Invalid(r, detail);
  }
}
