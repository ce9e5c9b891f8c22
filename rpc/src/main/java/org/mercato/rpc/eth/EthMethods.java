package org.mercato.rpc.eth;

import java.util.List;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.exec.CallSimulator;
import org.mercato.state.exec.SystemContracts;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.txpool.TransactionPool;

/** The eth_* namespace over one chain and its pool. */
public final class EthMethods {
  private EthMethods() {}

  public static List<JsonRpcMethod> create(Blockchain blockchain, TransactionPool pool, TransactionDecoder decoder,
      SystemContracts contracts, FeeSuggestion fees) {
    ChainAccess chain = new ChainAccess(blockchain);
    CallSimulator simulator = new CallSimulator(contracts);
    return List.of(
        new EthBlockNumber(chain),
        new EthSyncing(),
        new EthAccounts(),
        new EthGetBalance(chain),
        new EthGetTransactionCount(chain, pool),
        new EthGetCode(chain, contracts),
        new EthGetStorageAt(chain),
        new EthGasPrice(chain, fees),
        new EthMaxPriorityFeePerGas(fees),
        new EthFeeHistory(chain),
        new EthEstimateGas(chain, simulator),
        new EthCall(chain, simulator),
        new EthSendRawTransaction(decoder, pool),
        new EthGetTransactionByHash(chain, pool),
        new EthGetTransactionReceipt(chain),
        new EthGetBlockByNumber(chain),
        new EthGetBlockByHash(chain),
        new EthGetBlockTransactionCountByNumber(chain),
        new EthGetBlockTransactionCountByHash(chain),
        new EthGetLogs(chain));
  }
}
