package org.mercato.rpc.eth;

import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.rpc.jsonrpc.Data;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.CallRequest;
import org.mercato.state.exec.CallSimulator;

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
    CallSimulator.Simulation sim = simulator.simulate(chain.chain().stateAt(h), ctx, call, readOnly);
    if (sim.failure().isPresent()) {
      throw new JsonRpcException(JsonRpcErrors.SERVER_ERROR, sim.failure().get());
    }
    if (!sim.success()) {
      String reason = sim.revertReason().map(r -> "execution reverted: " + r).orElse("execution reverted");
      throw new JsonRpcException(EXECUTION_REVERTED, reason, Data.encode(sim.output()));
    }
    return sim;
  }
}
