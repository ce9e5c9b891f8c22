package org.mercato.node.consensusrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.node.testing.InProcessDevNode;
import org.mercato.node.testing.Rpc;
import org.mercato.rpc.client.JsonRpcCallException;

/**
 * docs/spec/consensus.md §12 on the one-validator dev chain: its set is the dev validator alone, every block's
 * commit is that validator's precommit (the head's too, from the commit the node decided it with), and
 * malformed or out-of-range block parameters get -32602 or null. (The 4-validator case, with signature checks,
 * is in TestnetTest; evidence in DoubleSigningNetworkTest.)
 */
class ConsensusRpcDevTest {
  private static InProcessDevNode node;
  private static Rpc rpc;

  @BeforeAll
  static void start() {
    node = new InProcessDevNode(Duration.ofMillis(100), List.of());
    rpc = new Rpc(node.rpcUri());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theDevValidatorIsTheSetAndSignsEveryCommitIncludingTheHeads() {
    String validator = node.validator().address().toHex();
    waitForBlock(3);
    JsonNode set = rpc.call("mercato_getValidators", "latest");
    assertEquals(1, set.get("validators").size(), set.toString());
    assertEquals(validator, set.get("validators").get(0).get("address").asText());
    assertEquals(validator, set.get("proposer").asText());
    assertEquals(set.get("totalVotingPower"), set.get("validators").get(0).get("votingPower"));

    for (String block : List.of("0x1", "0x2", "latest")) {
      JsonNode commit = rpc.call("mercato_getCommit", block);
      assertTrue(commit != null && !commit.isNull(), "commit of " + block + " on a validator that decided it");
      // "latest" may move between two calls: compare with the block the commit names
      JsonNode same = rpc.call("eth_getBlockByNumber", commit.get("number").asText(), false);
      assertEquals(same.get("hash"), commit.get("hash"), block);
      assertEquals(1, commit.get("signatures").size());
      assertEquals(validator, commit.get("signatures").get(0).get("validator").asText());
      assertEquals(commit.get("totalVotingPower"), commit.get("signedVotingPower"));
    }
    assertEquals(0, rpc.call("mercato_getEvidence", "0x1").size());
  }

  @Test
  void unknownBlocksAreNullAndMalformedParametersAreRefused() {
    long head = rpc.blockNumber();
    assertTrue(rpc.call("mercato_getCommit", "0x0").isNull(), "genesis: no commit");
    assertTrue(rpc.call("mercato_getCommit", "0x" + Long.toHexString(head + 100)).isNull());
    assertTrue(rpc.call("mercato_getEvidence", "0x" + Long.toHexString(head + 100)).isNull());
    assertTrue(rpc.call("mercato_getValidators", "0x0").isNull(), "nobody decides genesis");
    assertTrue(rpc.call("mercato_getValidators", "0x" + Long.toHexString(head + 100)).isNull(), "beyond head + 1");
    assertEquals(-32602, assertThrows(JsonRpcCallException.class, () -> rpc.call("mercato_getCommit", "yesterday")).code());
    assertEquals(-32602, assertThrows(JsonRpcCallException.class, () -> rpc.call("mercato_getValidators", "0x1", "0x2")).code());
  }

  private static void waitForBlock(long n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (rpc.blockNumber() < n) {
      assertTrue(System.nanoTime() < deadline, "block " + n + " within 30 s");
      Rpc.sleep(50);
    }
  }
}
