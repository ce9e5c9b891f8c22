package org.mercato.rpc.methods;

import java.util.List;
import java.util.function.IntSupplier;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;

/** The web3_* and net_* methods plus eth_chainId, which need nothing but node identity. */
public final class BasicMethods {
  private BasicMethods() {}

  public static List<JsonRpcMethod> create(String clientVersion, long chainId, IntSupplier peerCount) {
    return List.of(
        new Web3ClientVersion(clientVersion),
        new Web3Sha3(),
        new NetVersion(chainId),
        new NetListening(),
        new NetPeerCount(peerCount),
        new EthChainId(chainId));
  }
}
