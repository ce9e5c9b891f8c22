package org.mercato.market.data.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.market.data.MarketTestChain.ONE;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MarketTestChain;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.AssetInfo;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/**
 * Randomized publish / mint / transfer / order / state-change sequences: after every block, for every datatoken
 * Σ balances = totalSupply ≤ cap, coins before = coins after + gas fees, and the ledger holds exactly the successful orders.
 */
class OrderConservationChainTest {
  private static final List<KeyPair> KEYS = TestChain.KEYS.subList(0, 5);
  private static final KeyPair PROVIDER = TestChain.KEYS.get(5);
  private static final Address FACTORY = DataMarketAddresses.ASSET_FACTORY;
  private static final UInt256 CAP = ONE.multiply(20);
  private static final Bytes DATA = Bytes.wrap("{\"id\":\"svc0\"}".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  private MarketTestChain mc;

  @BeforeEach
  void open() {
    mc = new MarketTestChain(dir, 5, new DataAssetFactory(), new OrderBook());
  }

  @AfterEach
  void close() {
    mc.close();
  }

  private List<Address> allDatatokens(WorldView s) {
    List<Address> out = new ArrayList<>();
    long n = DataAssetFactory.assetCount(s).toLong();
    for (long i = 1; i <= n; i++) {
      out.addAll(DataAssetFactory.asset(s, UInt256.valueOf(i).toBytes()).orElseThrow().datatokens());
    }
    return out;
  }

  @Test
  void randomSequencesConserveDatatokensCoinsAndOrders() {
    SplittableRandom rnd = new SplittableRandom(20261128);
    List<Address> holders = new ArrayList<>(MarketTestChain.addresses(KEYS));
    holders.add(DataMarketAddresses.COMMUNITY_FEE_COLLECTOR);
    holders.add(PROVIDER.address());
    BigInteger coinsBefore = mc.coins(MarketTestChain.addresses(KEYS));
    ProviderFee fee = ProviderFee.sign(PROVIDER, Address.ZERO, UInt256.ZERO, UInt256.ZERO, DATA);
    int ordersOk = 0;
    int ordersRefused = 0;
    for (int round = 0; round < 30; round++) {
      WorldView s = mc.state();
      List<Address> tokens = allDatatokens(s);
      long assets = DataAssetFactory.assetCount(s).toLong();
      List<Transaction> txs = new ArrayList<>();
      List<Boolean> isOrder = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        int action = tokens.isEmpty() ? rnd.nextInt(2) : rnd.nextInt(7);
        KeyPair from = KEYS.get(rnd.nextInt(KEYS.size()));
        Address to = KEYS.get(rnd.nextInt(KEYS.size())).address();
        boolean order = false;
        Transaction tx;
        if (action == 0) {
          tx = mc.tx(from, FACTORY, Abi.call("createAssetWithMetadata(string,string,string,string[],string,string,uint256,bytes32,uint256,uint8)",
              "A" + round, "A", "d", List.of("t"), "", "", 1L, Bytes32.ZERO, (long) rnd.nextInt(0, 100), 0L));
        } else if (action == 1 && assets > 0) {
          Bytes32 id = UInt256.valueOf(rnd.nextLong(1, assets + 1)).toBytes();
          KeyPair owner = owner(s, id);
          tx = mc.tx(owner, FACTORY, Abi.call("createDatatoken(bytes32,string,string,uint256,address)", id, "T", "T", CAP,
              owner.address()));
        } else if (action == 1) {
          continue;
        } else {
          Address token = tokens.get(rnd.nextInt(tokens.size()));
          if (action == 2) {
            KeyPair owner = keyOf(DatatokenContract.owner(s, token));
            tx = mc.tx(owner, token, Abi.call("mint(address,uint256)", to, ONE.multiply(rnd.nextInt(1, 6))));
          } else if (action == 3) {
            tx = mc.tx(from, token, Abi.call("transfer(address,uint256)", to, ONE.divide(4).multiply(rnd.nextInt(1, 9))));
          } else if (action == 4 && rnd.nextInt(4) == 0) {
            Bytes32 id = DataAssetFactory.assetOf(s, token).orElseThrow();
            tx = mc.tx(owner(s, id), FACTORY, Abi.call("setMetadataState(bytes32,uint8)", id, (long) rnd.nextInt(0, 6)));
          } else {
            order = true;
            if (rnd.nextInt(3) > 0) { // mostly the richest holder pays, so most orders can succeed
              from = KEYS.stream().max(java.util.Comparator.comparing(key -> DatatokenContract.balanceOf(s, token, key.address())))
                  .orElseThrow();
            }
            tx = mc.tx(from, token, OrderCalls.startOrder(to, rnd.nextInt(3), fee, ConsumeMarketFee.NONE));
          }
        }
        txs.add(tx);
        isOrder.add(order);
      }
      List<Receipt> rs = mc.block(txs);
      WorldView after = mc.state();
      for (int i = 0; i < rs.size(); i++) {
        if (isOrder.get(i)) {
          if (rs.get(i).success()) {
            ordersOk++;
            Order o = OrderBook.find(after, txs.get(i).hash()).orElseThrow();
            assertEquals(rs.get(i).logs().get(0).address(), o.datatoken());
          } else {
            ordersRefused++;
            assertTrue(OrderBook.find(after, txs.get(i).hash()).isEmpty());
          }
        }
      }
      for (Address token : allDatatokens(after)) {
        UInt256 sum = UInt256.ZERO;
        for (Address h : holders) {
          sum = sum.add(DatatokenContract.balanceOf(after, token, h));
        }
        assertEquals(DatatokenContract.totalSupply(after, token), sum, "Σ balances = totalSupply for " + token);
        assertTrue(sum.compareTo(CAP) <= 0);
      }
      assertEquals(ordersOk, OrderBook.orderCount(after));
      assertEquals(coinsBefore, mc.coins(MarketTestChain.addresses(KEYS)).add(mc.gasFees()), "coins before = after + gas fees");
    }
    long byAsset = 0;
    WorldView s = mc.state();
    for (long i = 1; i <= DataAssetFactory.assetCount(s).toLong(); i++) {
      byAsset += OrderBook.assetOrderCount(s, UInt256.valueOf(i).toBytes());
    }
    assertEquals(ordersOk, byAsset);
    assertTrue(ordersOk >= 5 && ordersRefused >= 3, "the sequence exercised orders both ways: " + ordersOk + "/" + ordersRefused);
  }

  private static KeyPair owner(WorldView s, Bytes32 id) {
    AssetInfo a = DataAssetFactory.asset(s, id).orElseThrow();
    return keyOf(a.owner());
  }

  private static KeyPair keyOf(Address a) {
    return KEYS.stream().filter(k -> k.address().equals(a)).findFirst().orElseThrow();
  }
}
