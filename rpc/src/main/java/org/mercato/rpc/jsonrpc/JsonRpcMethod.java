package org.mercato.rpc.jsonrpc;

/**
 * One JSON-RPC method. Implementations are stateless or thread-safe: {@link #execute} runs on the
 * RPC worker pool, possibly for several requests at once.
 */
public interface JsonRpcMethod {

  /** The wire name, e.g. {@code eth_chainId}. */
  String name();

  /**
   * Runs the method. The result is any value Jackson can serialize with {@link RpcJson#mapper()}
   * (String, Boolean, Map, List, records, JsonNode, Address/Hash/Wei/Bytes, or null).
   *
   * @throws JsonRpcException for errors the caller should see (bad params, rejected transaction...);
   *     any other exception becomes a -32603 internal error with no detail.
   */
  Object execute(JsonRpcRequest request) throws JsonRpcException;
}
