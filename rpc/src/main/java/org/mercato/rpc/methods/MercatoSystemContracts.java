package org.mercato.rpc.methods;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.exec.SupplyLedger;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.exec.SystemContracts;

/**
 * {@code mercato_systemContracts}: the native contracts at fixed addresses, as {@code [{address, name}]} in address
 * order, including the supply ledger at {@code 0x…1000} (state, not a callable contract). Contracts at derived
 * addresses (datatokens) are not listed.
 */
public final class MercatoSystemContracts implements JsonRpcMethod {
  private final List<Map<String, String>> entries;

  public MercatoSystemContracts(SystemContracts contracts) {
    List<Map<String, String>> list = new ArrayList<>();
    boolean ledgerListed = false;
    for (SystemContract c : contracts.all()) { // address order
      if (!ledgerListed && c.address().compareTo(SupplyLedger.ADDRESS) > 0) {
        list.add(entry(SupplyLedger.ADDRESS.toHex(), "SupplyLedger"));
        ledgerListed = true;
      }
      list.add(entry(c.address().toHex(), c.name()));
    }
    if (!ledgerListed) {
      list.add(entry(SupplyLedger.ADDRESS.toHex(), "SupplyLedger"));
    }
    this.entries = List.copyOf(list);
  }

  private static Map<String, String> entry(String address, String name) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("address", address);
    m.put("name", name);
    return m;
  }

  @Override
  public String name() {
    return "mercato_systemContracts";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return entries;
  }
}
