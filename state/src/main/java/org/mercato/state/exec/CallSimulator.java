package org.mercato.state.exec;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.Account;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * Runs an unsigned call on a throw-away overlay (eth_call, eth_estimateGas). Follows the transaction
 * rules of docs/spec/execution.md except those that need a signature or a nonce; when no fee is given
 * the call is free, as in geth, so a read needs no balance.
 */
public final class CallSimulator {
  private final SystemContracts systemContracts;

  public CallSimulator(SystemContracts systemContracts) {
    this.systemContracts = systemContracts;
  }

  /** What a simulated call did. {@code failure} is set when it could not run at all (e.g. funds). */
  public record Simulation(boolean success, long gasUsed, Bytes output, Optional<String> failure) {
    public Optional<String> revertReason() {
      return success ? Optional.empty() : AbiErrors.decodeError(output);
    }
  }

  public Simulation simulate(WorldView state, BlockContext block, CallRequest call, boolean readOnly) {
    long intrinsic = IntrinsicGas.of(call.data(), call.accessList());
    long gasLimit = call.gas().orElse(block.gasLimit());
    if (call.to().isEmpty()) {
      return failure("contract creation is not supported: Mercato runs no EVM, its contracts are native");
    }
    if (gasLimit < intrinsic) {
      return failure("intrinsic gas too low: gas " + gasLimit + ", minimum needed " + intrinsic);
    }
    Address from = call.from().orElse(Address.ZERO);
    Wei price = call.gasPrice().or(() -> call.maxFeePerGas()).orElse(Wei.ZERO);
    WorldUpdater world = new WorldUpdater(state);
    Account sender = world.accountOrEmpty(from);
    Wei gasCost = new Wei(price.value().multiply(BigInteger.valueOf(gasLimit)));
    if (sender.balance().lessThan(gasCost.add(call.value()))) {
      return failure("insufficient funds for gas * price + value: address " + from + " have " + sender.balance()
          + " want " + gasCost.add(call.value()));
    }
    TransactionProcessor.transfer(world, from, call.to().get(), call.value());
    Optional<SystemContract> contract = systemContracts.lookup(call.to().get(), world);
    if (contract.isEmpty()) {
      return new Simulation(true, intrinsic, Bytes.EMPTY, Optional.empty());
    }
    long available = gasLimit - intrinsic;
    CallResult r = contract.get().call(new SystemCall(from, call.value(), call.data(), available, readOnly, block), world);
    boolean ok = r.success() && r.gasUsed() <= available;
    long used = intrinsic + Math.min(r.gasUsed(), available);
    return new Simulation(ok, used, r.gasUsed() > available ? Bytes.EMPTY : r.output(),
        r.gasUsed() > available ? Optional.of("out of gas") : Optional.empty());
  }

  private static Simulation failure(String why) {
    return new Simulation(false, 0, Bytes.EMPTY, Optional.of(why));
  }

}
