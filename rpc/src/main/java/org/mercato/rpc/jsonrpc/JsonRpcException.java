package org.mercato.rpc.jsonrpc;

/** An error to be returned to the caller as a JSON-RPC error object. The message is sent as is. */
public class JsonRpcException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final transient Object data;

  public JsonRpcException(int code, String message) {
    this(code, message, null);
  }

  /** @param data optional extra detail serialized as the error's {@code data} member (null: omitted) */
  public JsonRpcException(int code, String message, Object data) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
  }

  public int code() {
    return code;
  }

  public Object data() {
    return data;
  }
}
