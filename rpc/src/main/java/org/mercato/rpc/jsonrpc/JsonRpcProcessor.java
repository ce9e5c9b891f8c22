package org.mercato.rpc.jsonrpc;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over bytes, independent of transport: request bytes in, response bytes out.
 * Handles single requests and batches, notifications, and every protocol error. Never throws.
 * Thread-safe; a batch runs in order on the calling thread.
 */
public final class JsonRpcProcessor {
  public static final int DEFAULT_MAX_BATCH_SIZE = 5000;
  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcProcessor.class);

  private final MethodRegistry methods;
  private final int maxBatchSize;
  private final ObjectMapper mapper = RpcJson.mapper();
  private final JsonRpcMessages messages = new JsonRpcMessages(mapper);

  public JsonRpcProcessor(MethodRegistry methods) {
    this(methods, DEFAULT_MAX_BATCH_SIZE);
  }

  public JsonRpcProcessor(MethodRegistry methods, int maxBatchSize) {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1");
    }
    this.methods = methods;
    this.maxBatchSize = maxBatchSize;
  }

  public JsonRpcMessages messages() {
    return messages;
  }

  /** As {@link #process(byte[], RpcConnection)} for a connection without push (HTTP). */
  public byte[] process(byte[] body) {
    return process(body, RpcConnection.NONE);
  }

  /**
   * @return the response bytes, or null when nothing must be sent back (only notifications)
   */
  public byte[] process(byte[] body, RpcConnection connection) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      return messages.error(NullNode.getInstance(), JsonRpcErrors.parseError(where(e.getLocation())));
    } catch (IOException | RuntimeException e) {
      return messages.error(NullNode.getInstance(), JsonRpcErrors.parseError(null));
    }
    if (root == null || root.isMissingNode()) {
      return messages.error(NullNode.getInstance(), JsonRpcErrors.parseError("empty request"));
    }
    return root.isArray() ? batch(root, connection) : handle(root, connection);
  }

  private byte[] batch(JsonNode batch, RpcConnection connection) {
    if (batch.isEmpty()) {
      return messages.error(NullNode.getInstance(), JsonRpcErrors.invalidRequest("empty batch"));
    }
    if (batch.size() > maxBatchSize) {
      // As geth: one error in an array, carrying the first call's id, since the protocol has no batch-level error.
      JsonRpcException error = JsonRpcErrors.limitExceeded(
          "batch too large: " + batch.size() + " requests, limit " + maxBatchSize);
      return JsonRpcMessages.array(List.of(messages.error(firstId(batch), error)));
    }
    List<byte[]> responses = new ArrayList<>(batch.size());
    for (JsonNode entry : batch) {
      byte[] response = handle(entry, connection);
      if (response != null) {
        responses.add(response);
      }
    }
    return responses.isEmpty() ? null : JsonRpcMessages.array(responses);
  }

  private byte[] handle(JsonNode entry, RpcConnection connection) {
    if (!entry.isObject()) {
      return invalid(null, "request must be an object");
    }
    JsonNode id = entry.get("id");
    if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
      return invalid(null, "id must be a string, a number or null");
    }
    JsonNode version = entry.get("jsonrpc");
    if (version == null || !"2.0".equals(version.textValue())) {
      return invalid(id, "jsonrpc must be \"2.0\"");
    }
    JsonNode methodNode = entry.get("method");
    if (methodNode == null) {
      return invalid(id, "missing method");
    }
    if (!methodNode.isTextual()) {
      return invalid(id, "method must be a string");
    }
    JsonNode params = entry.get("params");
    if (params != null && !(params.isArray() || params.isObject() || params.isNull())) {
      return invalid(id, "params must be an array");
    }
    Object result;
    try {
      result = call(id, methodNode.textValue(), params, connection);
    } catch (JsonRpcException e) {
      return id == null ? null : messages.error(id, e);
    }
    if (id == null) {
      return null;
    }
    try {
      return messages.result(id, result);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot serialize the result of {}", methodNode.textValue(), e);
      return messages.error(id, JsonRpcErrors.internalError());
    }
  }

  private Object call(JsonNode id, String name, JsonNode params, RpcConnection connection) throws JsonRpcException {
    Optional<JsonRpcMethod> method = methods.find(name);
    if (method.isEmpty()) {
      throw JsonRpcErrors.methodNotFound(name);
    }
    JsonRpcRequest request = new JsonRpcRequest(id, name, JsonRpcParams.from(params), connection);
    try {
      return method.get().execute(request);
    } catch (JsonRpcException e) {
      throw e;
    } catch (StackOverflowError | RuntimeException e) {
      LOG.warn("JSON-RPC method {} failed", name, e);
      throw JsonRpcErrors.internalError();
    } catch (Error e) {
      LOG.error("JSON-RPC method {} failed", name, e);
      throw JsonRpcErrors.internalError();
    }
  }

  private byte[] invalid(JsonNode id, String detail) {
    return messages.error(id, JsonRpcErrors.invalidRequest(detail));
  }

  private static JsonNode firstId(JsonNode batch) {
    for (JsonNode entry : batch) {
      JsonNode id = entry.isObject() ? entry.get("id") : null;
      if (id != null && (id.isTextual() || id.isNumber())) {
        return id;
      }
    }
    return NullNode.getInstance();
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return null;
    }
    return "malformed JSON at line " + location.getLineNr() + " column " + location.getColumnNr();
  }
}
