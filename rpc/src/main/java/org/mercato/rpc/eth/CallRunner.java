package org.mercato.rpc.eth;

import java.math.BigInteger;
import java.util.Optional;
import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.rpc.jsonrpc.Data;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.CallRequest;
import org.mercato.state.exec.CallSimulator;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldView;

/** Shared by eth_call and eth_estimateGas: parse, run on the requested block's state, map failures as geth does. */
final class CallRunner {
  /** Geth's code for a reverted call; the revert payload rides in the error's data. */
  static final int EXECUTION_REVERTED = 3;

  private final ChainAccess chain;
  private final CallSimulator simulator;

  CallRunner(ChainAccess chain, CallSimulator simulator) {
    this.chain = chain;
    this.simulator = simulator;
  }

  CallSimulator.Simulation run(JsonRpcRequest request, boolean readOnly) throws JsonRpcException {
    request.params().requireAtMost(2);
    CallRequest call = CallArguments.parse(request.params().required(0));
    BlockHeader h = chain.requireHeader(request.params().blockParameterOr(1, BlockParameter.LATEST));
    BlockContext ctx = new BlockContext(chain.chain().parameters().chainId(), h.number(), h.timestamp(),
        h.proposer(), h.baseFee(), h.gasLimit());
    WorldView state = chain.chain().stateAt(h);
    if (!readOnly) {
      call = capGasByFunds(call, state, h.gasLimit());
    }
    CallSimulator.Simulation sim = simulator.simulate(state, ctx, call, readOnly);
    if (sim.failure().isPresent()) {
      throw new JsonRpcException(JsonRpcErrors.SERVER_ERROR, sim.failure().get());
    }
    if (!sim.success()) {
      String reason = sim.revertReason().map(r -> "execution reverted: " + r).orElse("execution reverted");
      throw new JsonRpcException(EXECUTION_REVERTED, reason, Data.encode(sim.output()));
    }
    return sim;
  }

  /**
   * eth_estimateGas with a price and no gas: as geth, the ceiling is what the sender can pay for,
   * (balance - value) / price, when that is below the block gas limit, rather than refusing because
   * the whole block's gas is unaffordable. Left as is when not even the intrinsic gas is affordable,
   * so that case still reports insufficient funds.
   */
  private static CallRequest capGasByFunds(CallRequest call, WorldView state, long blockGasLimit) {
    Wei price = call.gasPrice().or(call::maxFeePerGas).orElse(Wei.ZERO);
    if (call.gas().isPresent() || price.isZero()) {
      return call;
    }
    BigInteger available = state.accountOrEmpty(call.from().orElse(Address.ZERO)).balance().value()
        .subtract(call.value().value());
    BigInteger allowance = available.max(BigInteger.ZERO).divide(price.value());
    if (allowance.compareTo(BigInteger.valueOf(blockGasLimit)) >= 0
        || allowance.compareTo(BigInteger.valueOf(IntrinsicGas.of(call.data(), call.accessList()))) < 0) {
      return call;
    }
    return new CallRequest(call.from(), call.to(), Optional.of(allowance.longValue()), call.gasPrice(), call.maxFeePerGas(),
        call.maxPriorityFeePerGas(), call.value(), call.data(), call.accessList());
  }
}
