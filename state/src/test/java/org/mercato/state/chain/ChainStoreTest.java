package org.mercato.state.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.block.Block;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.AccessListEntry;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionType;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/** Reading committed blocks back: by hash and number, bodies with senders, receipts, transaction locations. */
class ChainStoreTest {
  private static final KeyPair ALICE = TestChain.KEYS.get(0);
  private static final KeyPair BOB = TestChain.KEYS.get(1);
  private static final KeyPair CAROL = TestChain.KEYS.get(2);
  private static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000000cc");
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Wei PRICE = Wei.of(10_000_000_000L);

  @TempDir Path dir;

  @Test
  void blocksTransactionsReceiptsAndLocationsReadBackAfterARestart() {
    try (TestChain tc = TestChain.open(dir, TestChain.params(1_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(3, 100)),
        new CounterContract())) {
      Transaction legacy = TestChain.SIGNER.sign(
          UnsignedTransaction.legacy(TestChain.CHAIN_ID, 0, PRICE, 21_000, SINK, Wei.of(1), Bytes.EMPTY), ALICE);
      Transaction accessList = TestChain.SIGNER.sign(UnsignedTransaction.accessList(TestChain.CHAIN_ID, 0, PRICE, 100_000,
          CounterContract.ADDRESS, Wei.ZERO, CounterContract.addCall(2),
          List.of(new AccessListEntry(CounterContract.ADDRESS, List.of(Bytes32.ZERO)), new AccessListEntry(SINK, List.of()))), BOB);
      Transaction dynamic = TestChain.call(CAROL, 0, Wei.of(1), PRICE, 100_000, CounterContract.ADDRESS, Wei.of(5),
          TestChain.failCall("nope"));
      Transaction legacyCall = TestChain.SIGNER.sign(UnsignedTransaction.legacy(TestChain.CHAIN_ID, 1, PRICE, 100_000,
          CounterContract.ADDRESS, Wei.ZERO, CounterContract.addCall(3)), ALICE);
      List<Transaction> txs = List.of(legacy, accessList, dynamic, legacyCall);
      ExecutedBlock b1 = tc.produce(1_001, PROPOSER, txs);
      ExecutedBlock b2 = tc.produce(1_002, PROPOSER, List.of());
      assertEquals(txs, b1.block().transactions());

      tc.reopen(); // everything below comes from disk
      ChainStore store = tc.chain().store();
      Hash h1 = b1.block().hash();

      assertEquals(b1.block().header(), store.header(h1).orElseThrow());
      assertEquals(b1.block().header(), store.header(1).orElseThrow());
      assertEquals(b2.block().header(), store.header(2).orElseThrow());
      assertEquals(h1, store.canonicalHash(1).orElseThrow());
      assertEquals(b2.block().hash(), store.headHash().orElseThrow());

      Block read = store.block(h1).orElseThrow();
      assertEquals(h1, read.hash());
      assertEquals(b1.block().encodedBody(), read.encodedBody());
      List<Transaction> stored = store.transactions(h1);
      assertEquals(txs.size(), stored.size());
      for (int i = 0; i < txs.size(); i++) {
        Transaction want = txs.get(i);
        Transaction got = stored.get(i);
        assertEquals(want.hash(), got.hash());
        assertEquals(want.encoded(), got.encoded());
        assertEquals(want.type(), got.type());
        assertEquals(want.sender(), got.sender(), "sender stored beside the transaction");
        // and it is the sender a full signature recovery gives
        assertEquals(want.sender(), TestChain.DECODER.decode(got.encoded()).transaction().orElseThrow().sender());
        assertEquals(want.nonce(), got.nonce());
        assertEquals(want.gasLimit(), got.gasLimit());
        assertEquals(want.maxFeePerGas(), got.maxFeePerGas());
        assertEquals(want.maxPriorityFeePerGas(), got.maxPriorityFeePerGas());
        assertEquals(want.to(), got.to());
        assertEquals(want.value(), got.value());
        assertEquals(want.data(), got.data());
        assertEquals(want.accessList(), got.accessList());
        assertEquals(want.chainId(), got.chainId());
        assertEquals(new TransactionLocation(h1, i), store.location(want.hash()).orElseThrow());
      }
      assertEquals(List.of(TransactionType.LEGACY, TransactionType.ACCESS_LIST, TransactionType.DYNAMIC_FEE, TransactionType.LEGACY),
          stored.stream().map(Transaction::type).toList());

      List<Receipt> receipts = store.receipts(h1);
      assertEquals(b1.receipts(), receipts);
      assertEquals(List.of(true, true, false, true), receipts.stream().map(Receipt::success).toList());
      assertEquals(stored.stream().map(Transaction::type).toList(), receipts.stream().map(Receipt::type).toList());
      assertEquals(List.of(0, 1, 0, 1), receipts.stream().map(r -> r.logs().size()).toList());
      assertEquals(b1.block().header().gasUsed(), receipts.get(3).cumulativeGasUsed());

      // Empty block and genesis read back as empty bodies, not as missing.
      assertEquals(List.of(), store.transactions(b2.block().hash()));
      assertEquals(List.of(), store.receipts(b2.block().hash()));
      Block genesis = store.block(store.canonicalHash(0).orElseThrow()).orElseThrow();
      assertEquals(0, genesis.number());
      assertEquals(List.of(), genesis.transactions());
      assertEquals(Hash.ZERO, genesis.header().parentHash());
      assertEquals(genesis.hash(), b1.block().header().parentHash());

      // Unknown keys.
      Hash unknown = Hash.wrap(Bytes.repeat((byte) 0x42, 32));
      assertTrue(store.header(unknown).isEmpty());
      assertTrue(store.block(unknown).isEmpty());
      assertTrue(store.header(3).isEmpty());
      assertTrue(store.location(unknown).isEmpty());
      assertEquals(List.of(), store.receipts(unknown));
    }
  }
}
