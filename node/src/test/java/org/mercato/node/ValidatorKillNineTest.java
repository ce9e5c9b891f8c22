package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.codec.CommitCodec;
import org.mercato.consensus.codec.DecodeOutcome;
import org.mercato.consensus.privval.FileSigningRecordStore;
import org.mercato.consensus.privval.SigningRecord;
import org.mercato.node.cli.NodeHome;
import org.mercato.node.cli.TestnetCommand;
import org.mercato.node.cli.TestnetCommand.TestnetNode;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.config.NetworkConfig;
import org.mercato.node.testing.NodeProcess;
import org.mercato.node.testing.Rpc;
import org.mercato.node.testing.TransferStream;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.storage.RocksDatabase;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A validator killed with kill -9 mid-round restarts without signing anything conflicting" (issue 4;
 * docs/spec/consensus.md §8). Four validators run as separate JVMs ({@code mercato node --home}, homes from
 * {@code mercato testnet}, short timeouts) while transfers stream into node0; node3 is killed with SIGKILL
 * at least three times, each time just after its signing record shows a vote for a height it has not
 * committed (mid-height), and restarted on the same home. Then, read from every node's database
 * after a clean stop:
 *
 * <ul>
 *   <li>all four hold the same blocks;
 *   <li>no block carries evidence: had node3 signed two different votes for one (height, round, type),
 *       the others would have detected it and committed the evidence (the path DoubleSigningNetworkTest
 *       proves);
 *   <li>node3's precommit is in the commits of blocks after its last restart: it signs again, it does not
 *       merely stay silent;
 *   <li>at least one kill caught node3 mid-height: its signing record (written before a signature leaves
 *       the process) named a height above its last committed block.
 * </ul>
 */
class ValidatorKillNineTest {
  private static final long CHAIN_ID = 31337;
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** At least this many kills; more (up to MAX_KILLS) until one has caught node3 mid-height. */
  private static final int KILLS = 3;
  private static final int MAX_KILLS = 6;

  @TempDir Path tmp;

  private final List<NodeProcess> processes = new ArrayList<>();
  private final long seed = System.nanoTime();
  private final Random random = new Random(seed);

  @AfterEach
  void killLeftovers() {
    processes.forEach(NodeProcess::close);
  }

  @Test
  void aValidatorKilledMidRoundRestartsWithoutSigningAnythingConflicting() throws IOException {
    List<TestnetNode> homes = TestnetCommand.write(tmp.resolve("net"), 4, CHAIN_ID, TestnetTest.freeBasePort(12),
        TestnetTest.fast(NetworkConfig.defaults()));
    NodeProcess[] nodes = new NodeProcess[4];
    for (int i = 0; i < 4; i++) {
      nodes[i] = start(homes.get(i), "node" + i);
    }
    Rpc[] rpc = new Rpc[4];
    for (int i = 0; i < 4; i++) {
      rpc[i] = new Rpc(nodes[i].awaitRpcUrl(START), Duration.ofSeconds(10));
    }
    Rpc rpc0 = rpc[0];
    waitUntil(() -> rpc0.blockNumber() >= 2, "the network at block 2");

    Path home3 = homes.get(3).home();
    Address validator3 = NodeHome.load(home3, TestnetTest.CURVE).settings().validatorKey().address();
    int midHeight = 0;
    int killCount = 0;
    long restartedAt = 0;
    try (TransferStream stream = new TransferStream(rpc0, CHAIN_ID,
        List.of(DevAccounts.credentials(5), DevAccounts.credentials(6), DevAccounts.credentials(7)),
        List.of(DevAccounts.credentials(8).getAddress(), DevAccounts.credentials(9).getAddress()))) {
      int kills = 0;
      for (int kill = 1; kill <= MAX_KILLS && (kill <= KILLS || midHeight == 0); kill++) {
        kills = kill;
        Rpc.sleep(300 + random.nextInt(1_000));
        killAfterItSignsAheadOfItsHead(nodes[3], new Rpc(nodes[3].awaitRpcUrl(START), Duration.ofSeconds(10)), home3);
        nodes[3].awaitExit(Duration.ofSeconds(10));
        long committed = committedHead(home3);
        long signed = signingRecord(home3).load().map(SigningRecord::height).orElse(0L);
        System.out.printf("kill %d of node3 (seed %d): last committed block %d, last signed height %d%n", kill, seed,
            committed, signed);
        if (signed > committed) {
          midHeight++;
        }
        Rpc.sleep(random.nextInt(1_000)); // the other three go on without it
        nodes[3] = start(homes.get(3), "node3-restart" + kill);
        Rpc r3 = new Rpc(nodes[3].awaitRpcUrl(START), Duration.ofSeconds(10));
        long target = rpc0.blockNumber();
        waitUntil(() -> r3.blockNumber() >= target, "restarted node3 reaches block " + target);
        restartedAt = target;
      }
      killCount = kills;
      long last = restartedAt;
      waitUntil(() -> rpc0.blockNumber() >= last + 6, "six more blocks after the last restart");
      stream.stop();
      assertTrue(stream.seenCount() > 0, "transfers were included while node3 was killed and restarted");
    }
    for (NodeProcess n : nodes) {
      n.stop(Duration.ofSeconds(30)); // SIGTERM: the node closes its database; the checks below read it
    }

    List<List<Hash>> chains = new ArrayList<>();
    long signedAfterRestart = 0;
    for (int i = 0; i < 4; i++) {
      try (RocksDatabase db = RocksDatabase.open(homes.get(i).home().resolve("data").resolve("db"))) {
        ChainStore store = new ChainStore(db, new TransactionDecoder(TestnetTest.CURVE));
        List<Hash> hashes = new ArrayList<>();
        for (long h = 0; ; h++) {
          Optional<Hash> hash = store.canonicalHash(h);
          if (hash.isEmpty()) {
            break;
          }
          hashes.add(hash.get());
          assertTrue(store.evidence(h).isEmpty(), "block " + h + " on node" + i + " carries evidence: someone equivocated");
          if (i == 0 && h > restartedAt + 1) {
            BlockHeader header = store.header(h).orElseThrow();
            DecodeOutcome<Commit> commit = CommitCodec.decode(header.lastCommit());
            assertTrue(commit.isOk(), "lastCommit of block " + h + " decodes: " + commit);
            if (commit.orElseThrow().precommits().stream().map(Vote::validator).anyMatch(validator3::equals)) {
              signedAfterRestart++;
            }
          }
        }
        chains.add(hashes);
      }
    }
    long common = chains.stream().mapToLong(List::size).min().orElseThrow();
    assertTrue(common > restartedAt, "every node holds the blocks after the last restart");
    for (int i = 1; i < 4; i++) {
      assertEquals(chains.get(0).subList(0, (int) common), chains.get(i).subList(0, (int) common), "blocks of node" + i);
    }
    assertTrue(signedAfterRestart > 0, "node3's precommits are in commits after its last restart");
    assertTrue(midHeight > 0, "at least one of " + killCount + " kills caught node3 holding a signature of an uncommitted height");
    for (NodeProcess n : nodes) {
      assertFalse(n.stdout().contains("Equivocation by") || n.stderr().contains("Equivocation by"),
          "no node reported an equivocation");
    }
    System.out.printf("4 nodes agree on blocks 0..%d; node3 killed %d times (%d mid-height), signed %d commits after"
        + " its last restart, no evidence anywhere%n", common - 1, killCount, midHeight, signedAfterRestart);
  }

  private NodeProcess start(TestnetNode home, String name) {
    NodeProcess p = NodeProcess.start(tmp.resolve("logs").resolve(name), "node", "--home", home.home().toString());
    processes.add(p);
    return p;
  }

  /**
   * SIGKILL as soon as the node's signing record (saved before any signature leaves the process) names a
   * height above the node's head: it has prevoted or precommitted a block it has not committed yet. Gives up
   * waiting after 10 s and kills anyway (the database check afterwards says what the kill caught).
   */
  private static void killAfterItSignsAheadOfItsHead(NodeProcess node, Rpc rpc, Path home) {
    FileSigningRecordStore record = signingRecord(home);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      long signed = record.load().map(SigningRecord::height).orElse(0L);
      if (signed > rpc.blockNumber()) {
        break;
      }
    }
    node.kill9();
  }

  private static FileSigningRecordStore signingRecord(Path home) {
    return new FileSigningRecordStore(home.resolve("data").resolve("priv_validator_state.bin"));
  }

  /** The head block number in a stopped node's database. */
  private static long committedHead(Path home) {
    try (RocksDatabase db = RocksDatabase.open(home.resolve("data").resolve("db"))) {
      ChainStore store = new ChainStore(db, new TransactionDecoder(TestnetTest.CURVE));
      Hash head = store.headHash().orElseThrow();
      return store.header(head).orElseThrow().number();
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException transientRpcFailure) {
        // a node that was just restarted may refuse connections for a moment
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + ": " + what);
      }
      Rpc.sleep(100);
    }
  }

}
