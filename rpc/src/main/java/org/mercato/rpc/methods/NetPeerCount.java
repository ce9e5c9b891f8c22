package org.mercato.rpc.methods;

import java.util.function.IntSupplier;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;

/** {@code net_peerCount}: connected peers as a hex quantity, read from the p2p layer at each call. */
public final class NetPeerCount implements JsonRpcMethod {
  private final IntSupplier peerCount;

  public NetPeerCount(IntSupplier peerCount) {
    this.peerCount = peerCount;
  }

  @Override
  public String name() {
    return "net_peerCount";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return Quantity.encode(Math.max(0, peerCount.getAsInt()));
  }
}
