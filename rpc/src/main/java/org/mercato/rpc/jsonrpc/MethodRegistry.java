package org.mercato.rpc.jsonrpc;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The methods a server offers, by name. Immutable; duplicate names are a wiring bug and rejected. */
public final class MethodRegistry {
  private final Map<String, JsonRpcMethod> methods;

  public MethodRegistry(Collection<? extends JsonRpcMethod> methods) {
    Map<String, JsonRpcMethod> byName = new TreeMap<>();
    for (JsonRpcMethod method : methods) {
      String name = method.name();
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("method with no name: " + method.getClass().getName());
      }
      JsonRpcMethod previous = byName.putIfAbsent(name, method);
      if (previous != null) {
        throw new IllegalArgumentException("duplicate JSON-RPC method " + name + ": "
            + previous.getClass().getName() + " and " + method.getClass().getName());
      }
    }
    this.methods = Map.copyOf(byName);
  }

  public static MethodRegistry of(JsonRpcMethod... methods) {
    return new MethodRegistry(List.of(methods));
  }

  public Optional<JsonRpcMethod> find(String name) {
    return Optional.ofNullable(methods.get(name));
  }

  /** Sorted names, for logs and rpc_modules-style listings. */
  public List<String> names() {
    return methods.keySet().stream().sorted().toList();
  }
}
