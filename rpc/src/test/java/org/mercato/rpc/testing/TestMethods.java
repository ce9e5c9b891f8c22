package org.mercato.rpc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcParams;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;

/** Methods that exercise the framework: echo, failures, slowness, push, and one per parameter parser. */
public final class TestMethods {
  private TestMethods() {}

  /** A record bound by {@link JsonRpcParams#object}. */
  public record Filter(String fromBlock, List<String> topics) {}

  @FunctionalInterface
  interface Body {
    Object run(JsonRpcRequest request) throws JsonRpcException;
  }

  static JsonRpcMethod method(String name, Body body) {
    return new JsonRpcMethod() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Object execute(JsonRpcRequest request) throws JsonRpcException {
        return body.run(request);
      }
    };
  }

  public static List<JsonRpcMethod> all() {
    List<JsonRpcMethod> methods = new ArrayList<>();
    methods.add(method("test_echo", r -> r.params().optional(0).orElse(null)));
    methods.add(method("test_null", r -> null));
    methods.add(method("test_fail", r -> {
      throw new IllegalStateException("secret detail from org.mercato.internal");
    }));
    methods.add(method("test_reject", r -> {
      throw new JsonRpcException(JsonRpcErrors.TRANSACTION_REJECTED, "nonce too low", Map.of("nonce", "0x1"));
    }));
    methods.add(method("test_slow", r -> {
      long millis = r.params().quantityLong(0);
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return r.params().string(1);
    }));
    methods.add(method("test_unserializable", r -> new Object()));
    methods.add(method("test_address", r -> r.params().address(0).toHex()));
    methods.add(method("test_hash", r -> r.params().hash(0)));
    methods.add(method("test_quantity", r -> Quantity.encode(r.params().quantityLong(0))));
    methods.add(method("test_big", r -> Quantity.encode(r.params().quantityBig(0))));
    methods.add(method("test_data", r -> r.params().data(0)));
    methods.add(method("test_bool", r -> r.params().bool(0)));
    methods.add(method("test_string", r -> r.params().string(0)));
    methods.add(method("test_object", r -> r.params().object(0, Filter.class)));
    methods.add(method("test_block", r -> describe(r.params().blockParameter(0))));
    methods.add(method("test_optional_block", r -> {
      r.params().requireAtMost(2);
      return describe(r.params().blockParameterOr(1, BlockParameter.LATEST));
    }));
    methods.add(method("test_subscribe", r -> {
      if (!r.connection().supportsNotifications()) {
        throw new JsonRpcException(JsonRpcErrors.METHOD_NOT_FOUND, "notifications not supported");
      }
      JsonNode count = r.params().required(0);
      // Sent before the subscription id is returned; the server must still deliver the id first.
      for (int i = 0; i < count.asInt(); i++) {
        r.connection().sendSubscription("0xabc", Map.of("n", i));
      }
      return "0xabc";
    }));
    return methods;
  }

  static String describe(BlockParameter block) {
    if (block instanceof BlockParameter.Named n) {
      return n.tag().wireName();
    }
    if (block instanceof BlockParameter.Number n) {
      return "number " + n.number();
    }
    BlockParameter.ByHash h = (BlockParameter.ByHash) block;
    return "hash " + h.hash().toHex() + (h.requireCanonical() ? " canonical" : "");
  }
}
