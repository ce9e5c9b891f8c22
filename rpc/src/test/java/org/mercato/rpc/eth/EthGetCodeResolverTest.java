package org.mercato.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.mercato.rpc.testing.EthTestNode;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.testing.DerivedContracts;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/** eth_getCode and eth_call see contracts at run-time derived addresses in the requested block's state only. */
class EthGetCodeResolverTest {
  @Test
  void derivedContractHasCodeFromTheBlockThatCreatedIt() {
    try (EthTestNode node = new EthTestNode()) {
      Address child = DerivedContracts.derived(11);
      node.mine();
      assertEquals("0x", node.result("eth_getCode", child, "latest").asText());
      ExecutedBlock b = node.mine(EthTestNode.sign(0, UnsignedTransaction.dynamicFee(EthTestNode.CHAIN_ID, 0, EthTestNode.GWEI,
          EthTestNode.GWEI.multiply(100), 100_000, DerivedContracts.SPAWNER, Wei.ZERO, DerivedContracts.spawnCall(11), List.of())));
      assertTrue(b.receipts().get(0).success());
      assertEquals("0xfe", node.result("eth_getCode", child, "latest").asText());
      assertEquals("0x", node.result("eth_getCode", child, "0x1").asText(), "not in the state of block 1");
      assertEquals("0x", node.result("eth_getCode", DerivedContracts.derived(12), "latest").asText());
      String call = "{\"to\":\"" + child + "\",\"data\":\"" + CounterContract.TOTAL.toHexString() + "\"}";
      assertEquals(UInt256.ZERO.toHexString(), node.result("eth_call", EthTestNode.json(call), "latest").asText());
    }
  }
}
