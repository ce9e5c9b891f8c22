package org.mercato.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.mercato.rpc.jsonrpc.RpcJson;

/**
 * A small JSON-RPC client over HTTP for tests and the load tool. Thread-safe. RPC errors surface as
 * {@link JsonRpcCallException}; transport failures (connection refused, non-200 status) as
 * {@link UncheckedIOException}.
 */
public final class JsonRpcClient {

  /** One call of a batch. Params go through {@link RpcJson} (Address, Hash, Wei... become hex). */
  public record Call(String method, List<?> params) {
    public static Call of(String method, Object... params) {
      return new Call(method, List.of(params));
    }
  }

  /** The outcome of one batch entry: a result, or an error. */
  public record Outcome(JsonNode result, JsonRpcCallException error) {
    public boolean isError() {
      return error != null;
    }

    /** The result, or the error thrown. */
    public JsonNode get() {
      if (error != null) {
        throw error;
      }
      return result;
    }
  }

  private final URI endpoint;
  private final HttpClient http;
  private final Duration timeout;
  private final ObjectMapper mapper = RpcJson.mapper();
  private final AtomicLong ids = new AtomicLong();

  public JsonRpcClient(URI endpoint) {
    this(endpoint, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build(),
        Duration.ofSeconds(60));
  }

  public JsonRpcClient(URI endpoint, HttpClient http, Duration timeout) {
    this.endpoint = endpoint;
    this.http = http;
    this.timeout = timeout;
  }

  /** Calls {@code method} and returns its result (a NullNode for a null result). */
  public JsonNode call(String method, Object... params) {
    JsonNode response = post(request(ids.incrementAndGet(), method, List.of(params)));
    if (!response.isObject()) {
      throw new UncheckedIOException(new IOException("unexpected response: " + abbreviate(response)));
    }
    return outcome(response).get();
  }

  /** Sends all calls as one batch; outcomes come back in the order of {@code calls}. */
  public List<Outcome> batch(List<Call> calls) {
    ArrayNode batch = mapper.createArrayNode();
    long first = ids.getAndAdd(calls.size()) + 1;
    for (int i = 0; i < calls.size(); i++) {
      batch.add(request(first + i, calls.get(i).method(), calls.get(i).params()));
    }
    JsonNode response = post(batch);
    if (response.isObject()) {
      throw outcome(response).error() != null ? outcome(response).error()
          : new UncheckedIOException(new IOException("single response to a batch: " + abbreviate(response)));
    }
    Map<Long, Outcome> byId = new HashMap<>();
    for (JsonNode entry : response) {
      JsonNode id = entry.get("id");
      if (id != null && id.canConvertToLong()) {
        byId.put(id.asLong(), outcome(entry));
      }
    }
    List<Outcome> outcomes = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      Outcome outcome = byId.get(first + i);
      if (outcome == null) {
        // A batch-level error (e.g. batch too large) answers once; report it for every call.
        Outcome batchError = response.isEmpty() ? null : outcome(response.get(0));
        outcome = batchError != null && batchError.isError() ? batchError
            : new Outcome(null, new JsonRpcCallException(-32603, "no response for call " + i, null));
      }
      outcomes.add(outcome);
    }
    return outcomes;
  }

  private ObjectNode request(long id, String method, List<?> params) {
    ObjectNode request = mapper.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", id);
    request.put("method", method);
    request.set("params", mapper.valueToTree(params));
    return request;
  }

  private JsonNode post(JsonNode body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(endpoint)
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
          .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode() + " from " + endpoint);
      }
      return mapper.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted calling " + endpoint));
    } catch (java.net.ConnectException e) {
      // The JDK's HttpClient leaves the message empty: say what failed and where.
      throw new UncheckedIOException("cannot reach " + endpoint + ": connection refused (is the node running there?)", e);
    } catch (java.net.http.HttpTimeoutException e) {
      throw new UncheckedIOException("no answer from " + endpoint + " within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage() == null ? e.getClass().getSimpleName() + " calling " + endpoint
          : e.getMessage(), e);
    }
  }

  private Outcome outcome(JsonNode response) {
    JsonNode error = response.get("error");
    if (error != null && !error.isNull()) {
      return new Outcome(null, new JsonRpcCallException(error.path("code").asInt(), error.path("message").asText(), error.get("data")));
    }
    return new Outcome(response.path("result"), null);
  }

  private static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }
}
