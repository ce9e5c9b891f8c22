package org.mercato.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;

/** The server answered a call with a JSON-RPC error. */
public final class JsonRpcCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final transient JsonNode data;

  public JsonRpcCallException(int code, String message, JsonNode data) {
    super(message);
    this.code = code;
    this.data = data;
  }

  public int code() {
    return code;
  }

  /** The error's data member, or null. */
  public JsonNode data() {
    return data;
  }

  @Override
  public String toString() {
    return "JSON-RPC error " + code + ": " + getMessage();
  }
}
