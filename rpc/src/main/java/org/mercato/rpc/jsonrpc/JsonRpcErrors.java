package org.mercato.rpc.jsonrpc;

/** Error codes (JSON-RPC 2.0 and the Ethereum conventions) and factories with the standard wording. */
public final class JsonRpcErrors {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  /** A transaction the node refused (nonce too low, insufficient funds...); the reason is the message. */
  public static final int TRANSACTION_REJECTED = -32000;
  /** Geth's generic server error (header not found, execution reverted...). */
  public static final int SERVER_ERROR = -32000;
  /** A server limit was hit (batch too large, server busy...). */
  public static final int LIMIT_EXCEEDED = -32005;

  private JsonRpcErrors() {}

  public static JsonRpcException parseError(String detail) {
    return new JsonRpcException(PARSE_ERROR, detail == null ? "parse error" : "parse error: " + detail);
  }

  public static JsonRpcException invalidRequest(String detail) {
    return new JsonRpcException(INVALID_REQUEST, "invalid request: " + detail);
  }

  /** geth's wording, which some tools match on. */
  public static JsonRpcException methodNotFound(String method) {
    return new JsonRpcException(METHOD_NOT_FOUND, "the method " + method + " does not exist/is not available");
  }

  public static JsonRpcException invalidParams(String message) {
    return new JsonRpcException(INVALID_PARAMS, message);
  }

  /** Deliberately without detail: the cause is logged on the node, never sent to the caller. */
  public static JsonRpcException internalError() {
    return new JsonRpcException(INTERNAL_ERROR, "internal error");
  }

  public static JsonRpcException transactionRejected(String reason) {
    return new JsonRpcException(TRANSACTION_REJECTED, reason);
  }

  public static JsonRpcException limitExceeded(String message) {
    return new JsonRpcException(LIMIT_EXCEEDED, message);
  }
}
