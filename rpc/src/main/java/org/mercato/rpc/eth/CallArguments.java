package org.mercato.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.rpc.jsonrpc.Data;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.exec.CallRequest;
import org.mercato.state.tx.AccessListEntry;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/** Parses the transaction-call object of eth_call and eth_estimateGas, naming the field in every error. */
final class CallArguments {
  private static final Set<String> KNOWN = Set.of("from", "to", "gas", "gasPrice", "maxFeePerGas",
      "maxPriorityFeePerGas", "value", "data", "input", "accessList", "nonce", "type", "chainId");

  private CallArguments() {}

  static CallRequest parse(JsonNode node) throws JsonRpcException {
    if (node == null || !node.isObject()) {
      throw JsonRpcErrors.invalidParams("invalid argument 0: expected a transaction call object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      String f = it.next().getKey();
      if (!KNOWN.contains(f)) {
        throw JsonRpcErrors.invalidParams("invalid argument 0: unknown field \"" + f + "\"");
      }
    }
    try {
      Optional<Address> from = text(node, "from").map(Address::fromHex);
      Optional<Address> to = text(node, "to").map(Address::fromHex);
      Optional<Long> gas = text(node, "gas").map(Quantity::decodeLong);
      Optional<Wei> gasPrice = text(node, "gasPrice").map(CallArguments::wei);
      Optional<Wei> maxFee = text(node, "maxFeePerGas").map(CallArguments::wei);
      Optional<Wei> maxTip = text(node, "maxPriorityFeePerGas").map(CallArguments::wei);
      Wei value = text(node, "value").map(CallArguments::wei).orElse(Wei.ZERO);
      Optional<String> input = text(node, "input");
      Optional<String> data = text(node, "data");
      if (input.isPresent() && data.isPresent() && !input.get().equalsIgnoreCase(data.get())) {
        throw new IllegalArgumentException("both \"data\" and \"input\" are set and not equal");
      }
      Bytes payload = input.or(() -> data).map(Data::decode).orElse(Bytes.EMPTY);
      return new CallRequest(from, to, gas, gasPrice, maxFee, maxTip, value, payload, accessList(node.get("accessList")));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw JsonRpcErrors.invalidParams("invalid argument 0: " + e.getMessage());
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field \"" + field + "\" must be a hex string");
    }
    return Optional.of(v.textValue());
  }

  private static Wei wei(String hex) {
    return new Wei(Quantity.decodeBig(hex));
  }

  private static List<AccessListEntry> accessList(JsonNode node) {
    List<AccessListEntry> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("field \"accessList\" must be an array");
    }
    for (JsonNode e : node) {
      List<Bytes32> keys = new ArrayList<>();
      JsonNode k = e.get("storageKeys");
      if (k != null && k.isArray()) {
        k.forEach(x -> keys.add(Bytes32.wrap(Data.decodeFixed(x.asText(), 32, "storage key"))));
      }
      out.add(new AccessListEntry(Address.fromHex(e.path("address").asText()), keys));
    }
    return out;
  }
}
