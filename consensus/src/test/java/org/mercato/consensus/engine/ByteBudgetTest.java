package org.mercato.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.hd.DevAccounts;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionSigner;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/** A proposer keeps its block within the transaction-count cap and the byte budget (a proposal fits one p2p frame). */
class ByteBudgetTest {
  private static List<Transaction> transfers(int n) {
    KeyPair key = DevAccounts.derive(DevAccounts.HARDHAT_MNEMONIC, 1).get(0);
    TransactionSigner signer = new TransactionSigner(Secp256k1s.best());
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      txs.add(signer.sign(UnsignedTransaction.transfer(31337, i, Wei.of(1), Wei.of(2_000_000_000L),
          Address.fromHex("0x000000000000000000000000000000000000beef"), Wei.of(1)), key));
    }
    return txs;
  }

  @Test
  void keepsTheLongestPrefixThatFits() {
    List<Transaction> txs = transfers(10);
    int size = txs.get(0).encoded().size();
    assertTrue(txs.stream().allMatch(t -> t.encoded().size() == size), "same-shape transfers have one size");
    assertEquals(txs, BftEngine.withinBudget(txs, Integer.MAX_VALUE, size * 10));
    assertEquals(txs.subList(0, 3), BftEngine.withinBudget(txs, Integer.MAX_VALUE, size * 4 - 1));
    assertEquals(List.of(), BftEngine.withinBudget(txs, Integer.MAX_VALUE, size - 1));
  }

  @Test
  void keepsAtMostTheCountCapWhicheverBindsFirst() {
    List<Transaction> txs = transfers(10);
    int size = txs.get(0).encoded().size();
    assertEquals(txs.subList(0, 4), BftEngine.withinBudget(txs, 4, size * 10), "the count binds");
    assertEquals(txs.subList(0, 2), BftEngine.withinBudget(txs, 4, size * 3 - 1), "the bytes bind");
    assertEquals(txs, BftEngine.withinBudget(txs, 10, size * 10));
  }
}
