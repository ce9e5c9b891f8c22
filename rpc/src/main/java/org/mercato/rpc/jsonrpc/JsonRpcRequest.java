package org.mercato.rpc.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated request as a method sees it.
 *
 * @param id the id exactly as sent (null for a notification)
 * @param method the method name
 * @param params typed, index-based access to the parameters
 * @param connection where the request came from; {@link RpcConnection#NONE} over HTTP
 */
public record JsonRpcRequest(JsonNode id, String method, JsonRpcParams params, RpcConnection connection) {

  public JsonRpcRequest {
    if (method == null || params == null || connection == null) {
      throw new NullPointerException("method, params and connection are required");
    }
  }

  /** A request built in code (tests, in-process callers), over no connection. */
  public static JsonRpcRequest of(String method, Object... params) {
    return new JsonRpcRequest(
        RpcJson.mapper().getNodeFactory().numberNode(1), method, JsonRpcParams.of(params), RpcConnection.NONE);
  }

  public boolean isNotification() {
    return id == null;
  }
}
