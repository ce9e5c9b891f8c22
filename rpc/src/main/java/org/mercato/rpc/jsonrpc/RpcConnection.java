package org.mercato.rpc.jsonrpc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection a request arrived on: the seam for server push (eth_subscribe). WebSocket
 * connections can send notifications; HTTP requests get {@link #NONE}, which cannot.
 */
public interface RpcConnection {

  /** For transports without push (HTTP, in-process calls). */
  RpcConnection NONE = new RpcConnection() {
    @Override
    public String id() {
      return "none";
    }

    @Override
    public boolean supportsNotifications() {
      return false;
    }

    @Override
    public boolean isOpen() {
      return false;
    }

    @Override
    public boolean notify(String method, Object params) {
      return false;
    }

    @Override
    public void onClose(Runnable callback) {}
  };

  /** Unique among the server's open connections. */
  String id();

  boolean supportsNotifications();

  boolean isOpen();

  /**
   * Sends {@code {"jsonrpc":"2.0","method":method,"params":params}}, after every response already
   * queued on this connection (so a subscription id always reaches the client before its first
   * notification). Thread-safe.
   *
   * @return false if the connection cannot push or is closed (the caller should drop its subscription)
   */
  boolean notify(String method, Object params);

  /** Runs {@code callback} once when the connection closes (immediately if already closed). */
  void onClose(Runnable callback);

  /** Sends an {@code eth_subscription} notification: {@code {"subscription":id,"result":result}}. */
  default boolean sendSubscription(String subscriptionId, Object result) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("subscription", subscriptionId);
    params.put("result", result);
    return notify("eth_subscription", params);
  }
}
