package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.SignBytes;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.codec.ConsensusCodec;
import org.mercato.consensus.codec.SignatureBytes;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.cli.NodeHome;
import org.mercato.node.cli.TestnetCommand.TestnetNode;
import org.mercato.node.cli.TestnetCommand;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.config.MetricsConfig;
import org.mercato.node.config.NetworkConfig;
import org.mercato.node.network.NodeKeyFile;
import org.mercato.node.network.ValidatorNetwork;
import org.mercato.node.testing.Rpc;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.gossip.GossipConfig;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.sync.SyncConfig;
import org.mercato.p2p.transport.ChannelDescriptor;
import org.mercato.p2p.transport.KeepAliveConfig;
import org.mercato.p2p.transport.P2pConfig;
import org.mercato.p2p.transport.P2pListener;
import org.mercato.p2p.transport.P2pTransport;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.Signature;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.web3j.crypto.Credentials;

/**
 * A real 4-validator network over loopback, in this JVM (real sockets, real RocksDB, short
 * consensus timeouts): homes from {@code mercato testnet}, nodes as {@code mercato node} builds them.
 * The methods run in order on one network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestnetTest {
  private static final long CHAIN_ID = 31337;
  private static final ConsensusCodec ROGUE_CODEC = new ConsensusCodec(new TransactionDecoder(Secp256k1s.best()));
  private static final Duration WAIT = Duration.ofSeconds(40);
  static final Secp256k1 CURVE = Secp256k1s.best();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path tmp;
  private List<TestnetNode> homes;
  private final MercatoNode[] nodes = new MercatoNode[4];
  private final List<MercatoNode> extra = new ArrayList<>();

  @BeforeAll
  void startNetwork() throws IOException {
    homes = TestnetCommand.write(tmp.resolve("net"), 4, CHAIN_ID, freeBasePort(8), fast(NetworkConfig.defaults()));
    for (int i = 0; i < 4; i++) {
      nodes[i] = start(load(homes.get(i)));
    }
  }

  @AfterAll
  void stopNetwork() {
    for (MercatoNode n : extra) {
      n.close();
    }
    for (MercatoNode n : nodes) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  @Order(1)
  void fourValidatorsCommitTheSameBlocksIncludingAGossipedTransaction() throws IOException, InterruptedException {
    waitUntil(() -> minHead(0, 1, 2, 3) >= 3, "all four nodes at block 3");
    Rpc rpc0 = rpc(nodes[0]);
    Credentials sender = DevAccounts.credentials(0);
    String to = DevAccounts.credentials(1).getAddress();
    String hash = rpc0.sendRaw(Rpc.signTransfer(sender, CHAIN_ID, rpc0.nonce(sender.getAddress(), "pending"), to,
        BigInteger.TEN, rpc0.maxFee()));
    JsonNode receipt = rpc(nodes[3]).waitForReceipt(hash, WAIT);
    assertEquals("0x1", receipt.get("status").asText());
    long included = Rpc.quantity(receipt.get("blockNumber")).longValueExact();
    waitUntil(() -> minHead(0, 1, 2, 3) >= included + 1, "all nodes past block " + included);
    for (MercatoNode n : nodes) {
      assertEquals(receipt.get("blockHash").asText(), rpc(n).receipt(hash).orElseThrow().get("blockHash").asText());
      assertEquals("0x3", rpc(n).call("net_peerCount").asText(), "net_peerCount");
    }
    assertSameBlocks(List.of(nodes));
    assertBftMetrics(nodes[2]);
    assertConsensusRpc(nodes[1], included);
    long proposers = rpc0.blocks(1, minHead(0)).stream().map(b -> b.get("miner").asText()).distinct().count();
    assertTrue(proposers >= 2, "blocks come from several proposers, not one: " + proposers);
  }

  @Test
  @Order(2)
  void threeOfFourKeepCommittingAndTheStoppedOneCatchesUp() throws IOException {
    nodes[3].close();
    nodes[3] = null;
    long stoppedAt = minHead(0, 1, 2);
    // Every 4th height is the stopped validator's to propose: round 0 times out and round 1 decides.
    // The gauge must show that round while it runs (it read 0 in the first benchmark: unbound there).
    waitUntil(() -> scrape(nodes[0], "mercato_consensus_round") >= 1, "mercato_consensus_round shows a round above 0");
    waitUntil(() -> minHead(0, 1, 2) >= stoppedAt + 5, "three validators commit 5 blocks without the fourth");
    nodes[3] = start(load(homes.get(3)));
    long target = minHead(0, 1, 2) + 3;
    waitUntil(() -> minHead(3) >= target, "the restarted validator reaches block " + target);
    assertSameBlocks(List.of(nodes));
    // It votes and proposes again: a later block is proposed by its key (it is proposer every 4th height).
    String key = nodes[3].network().validatorAddress().toHex();
    long from = minHead(3) + 1;
    waitUntil(() -> {
      long head = minHead(0);
      return head >= from && rpc(nodes[0]).blocks(from, head).stream().anyMatch(b -> b.get("miner").asText().equalsIgnoreCase(key));
    }, "a block proposed by the restarted validator after block " + from);
  }

  @Test
  @Order(3)
  void aLateFullNodeSyncsFromGenesisAndFollows() throws IOException {
    Path home = tmp.resolve("full");
    Files.createDirectories(home);
    Files.copy(homes.get(0).home().resolve("genesis.json"), home.resolve("genesis.json"));
    ValidatorKey.generate(new SecureRandom(), CURVE).write(home.resolve(ValidatorKey.FILE_NAME));
    NodeHome h = NodeHome.load(home, CURVE);
    assertTrue(Files.isRegularFile(home.resolve(NodeKeyFile.FILE_NAME)), "node_key.json created on first start");
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(home.resolve(NodeKeyFile.FILE_NAME))));
    // Keep-alive checks every 20 ms: a connection silent that long (between heights) is pinged, so the
    // pings show on its /metrics; the long pong timeout closes nothing.
    h = h.withConfig(h.config().withRpc("127.0.0.1", 0).withMetrics(new MetricsConfig(true, "127.0.0.1", 0))).withNetwork(fast(h.network().withListen("127.0.0.1", 0))
        .withExtraPeers(homes.stream().map(TestnetNode::peerAddress).toList())
        .withKeepAlive(new KeepAliveConfig(Duration.ofMillis(20), Duration.ofSeconds(60))));
    MercatoNode full = start(h);
    extra.add(full);
    assertFalse(full.network().isValidator());
    long target = minHead(0) + 2;
    waitUntil(() -> full.chain().head().number() >= target, "the full node reaches block " + target);
    List<MercatoNode> all = new ArrayList<>(List.of(nodes));
    all.add(full);
    assertSameBlocks(all);
    assertEquals("0x4", rpc(full).call("net_peerCount").asText(), "net_peerCount of the full node");
    waitUntil(() -> sum(full, "mercato_p2p_pings_total{event=\"pong_received\"}") >= 1,
        "the full node's keep-alive pings and their pongs reach its /metrics");
    assertTrue(sum(full, "mercato_p2p_pings_total{event=\"sent\"}") >= 1);
    assertTrue(scrape(full, "mercato_p2p_ping_rtt_seconds_count") >= 1, "round trips timed");
  }

  @Test
  @Order(4)
  void aPartitionedValidatorCannotForkTheOthersAndCatchesUpWhenHealed() throws InterruptedException {
    MercatoNode cut = nodes[1];
    cut.network().partitionForTesting(true);
    try {
      waitUntil(() -> cut.network().peerCount() == 0, "the partitioned validator has no peers");
      Thread.sleep(300); // messages already queued on its consensus thread are handled
      long cutHead = cut.chain().head().number();
      long start = minHead(0, 2, 3);
      waitUntil(() -> minHead(0, 2, 3) >= start + 4, "three validators commit 4 blocks while the fourth is cut off");
      assertEquals(cutHead, cut.chain().head().number(), "the partitioned validator commits nothing alone");
      assertEquals(0, cut.network().peerCount(), "its redials are refused");
      assertTrue(sum(cut, "mercato_p2p_disconnects_total{") >= 3, "its three closed connections are counted by reason");
      // No fork: where both have a block, it is the same block.
      for (long h = 0; h <= cutHead; h++) {
        assertEquals(nodes[0].chain().store().canonicalHash(h), cut.chain().store().canonicalHash(h), "block " + h);
      }
    } finally {
      cut.network().partitionForTesting(false);
    }
    long target = minHead(0, 2, 3) + 2;
    waitUntil(() -> minHead(1) >= target, "the healed validator reaches block " + target);
    assertSameBlocks(List.of(nodes));
  }

  /**
   * p2p.md §6, consensus.md §9 "Who pays for an invalid message": a peer with a node key of its own, on the network's
   * id, that sends on the consensus channel bytes that are no consensus message, or a vote that its named validator
   * did not sign, is closed with INVALID_CONSENSUS_MESSAGE (banned); the validators go on.
   */
  @Test
  @Order(5)
  void aPeerSendingInvalidConsensusMessagesIsClosedAndTheNetworkGoesOn() throws Exception {
    MercatoNode target = nodes[2];
    String metric = "mercato_p2p_disconnects_total{reason=\"INVALID_CONSENSUS_MESSAGE\"}";
    double before = scrape(target, metric);
    KeyPair outsider = KeyPair.of(PrivateKey.of(Keccak.hash(Bytes.wrap("rogue".getBytes())).bytes()), CURVE);
    Vote signedByOutsider = new ConsensusSigner(ValidatorNetwork.chainIdOf(CHAIN_ID), outsider, CURVE)
        .vote(VoteType.PREVOTE, Height.of(target.chain().head().number() + 1), Round.ZERO, Optional.empty());
    Vote notByItsValidator = new Vote(signedByOutsider.type(), signedByOutsider.height(), signedByOutsider.round(),
        signedByOutsider.value(), target.network().validatorAddress(), signedByOutsider.signature());
    List<byte[]> junk = List.of(new byte[] {1, 2, 3}, ROGUE_CODEC.encodeVote(notByItsValidator).toArrayUnsafe());
    for (byte[] message : junk) {
      java.util.concurrent.CompletableFuture<Peer> connected = new java.util.concurrent.CompletableFuture<>();
      P2pListener listener = new P2pListener() {
        @Override
        public void peerConnected(Peer peer) {
          connected.complete(peer);
        }

        @Override
        public void messageReceived(Peer peer, int channelId, byte[] payload) {}
      };
      P2pConfig config = P2pConfig.defaults(NodeKey.random(new SecureRandom()), CHAIN_ID, "127.0.0.1", 0,
          // The node's three channels, so that what the validator sends on connect (status, gossip) is not a reason
          // for this side to close first.
          List.of(new ChannelDescriptor(0x00, "consensus", 0, 1_024, 16L << 20),
              new ChannelDescriptor(GossipConfig.MEMPOOL_CHANNEL, "mempool", 1, 4_096, 32L << 20),
              new ChannelDescriptor(SyncConfig.BLOCKSYNC_CHANNEL, "blocksync", 2, 256, 64L << 20)))
          .withPersistentPeers(List.of(target.network().selfAddress()));
      try (P2pTransport rogue = P2pTransport.start(config, listener)) {
        Peer p = connected.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        p.send(0x00, message);
        waitUntil(() -> !p.isOpen(), "the peer that sent " + message.length + " invalid bytes is closed");
      }
    }
    waitUntil(() -> scrape(target, metric) == before + 2, metric + " counts both");
    long h = minHead(0, 1, 2, 3);
    waitUntil(() -> minHead(0, 1, 2, 3) >= h + 2, "the validators go on");
    assertSameBlocks(List.of(nodes));
  }

  /**
   * consensus.md §12 on one validator: the set of block {@code n} is the testnet's 4 validators, the commit of block
   * n (read from block n+1) carries precommits of more than 2/3 of the power whose signatures recover to the
   * validators they name, and the block carries no evidence.
   */
  private void assertConsensusRpc(MercatoNode n, long block) throws IOException {
    Rpc rpc = rpc(n);
    String number = "0x" + Long.toHexString(block);
    JsonNode set = rpc.call("mercato_getValidators", number);
    assertEquals(4, set.get("validators").size(), set.toString());
    long total = 0;
    Set<String> addresses = new HashSet<>();
    for (JsonNode v : set.get("validators")) {
      addresses.add(v.get("address").asText());
      total += Rpc.quantity(v.get("votingPower")).longValueExact();
    }
    assertEquals(total, Rpc.quantity(set.get("totalVotingPower")).longValueExact(), "total = sum of the powers");
    long quorum = Rpc.quantity(set.get("quorum")).longValueExact();
    assertEquals(total * 2 / 3 + 1, quorum, "quorum: more than 2/3");
    for (TestnetNode h : homes) {
      String a = load(h).settings().validatorKey().address().toHex();
      assertTrue(addresses.contains(a), "validator " + a + " in " + addresses);
    }
    assertTrue(addresses.contains(set.get("proposer").asText()));

    JsonNode commit = rpc.call("mercato_getCommit", number);
    String hash = rpc.call("eth_getBlockByNumber", number, false).get("hash").asText();
    assertEquals(hash, commit.get("hash").asText(), commit.toString());
    assertTrue(Rpc.quantity(commit.get("signedVotingPower")).longValueExact() >= quorum, "more than 2/3 signed: " + commit);
    Round round = Round.of(Rpc.quantity(commit.get("round")).intValueExact());
    byte[] signBytes = SignBytes.vote(ValidatorNetwork.chainIdOf(CHAIN_ID), VoteType.PRECOMMIT, Height.of(block), round,
        Optional.of(Hash.fromHex(hash)));
    for (JsonNode sig : commit.get("signatures")) {
      Signature signature = SignatureBytes.decode(Bytes.fromHexString(sig.get("signature").asText()));
      Bytes key = CURVE.recoverPublicKey(Keccak.hash(signBytes), signature).orElseThrow();
      assertEquals(sig.get("validator").asText(), Address.fromPublicKey(key).toHex(),
          "the signature recovers to the validator it names");
    }
    assertEquals(0, rpc.call("mercato_getEvidence", number).size(), "no evidence in block " + block);
    assertTrue(rpc.call("mercato_getCommit", "0x0").isNull(), "genesis has no commit");
  }

  /**
   * The validator's /metrics over HTTP: 3 peers, a round, no sync target (caught up), the gossiped transfer
   * counted, and the same
   * height as its eth_blockNumber (read before and after the scrape, retried if a block came between).
   */
  private static void assertBftMetrics(MercatoNode n) throws IOException, InterruptedException {
    URI metrics = URI.create("http://127.0.0.1:" + n.metricsAddress().getPort() + "/metrics");
    Rpc rpc = rpc(n);
    for (int attempt = 0; ; attempt++) {
      long before = rpc.blockNumber();
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      long after = rpc.blockNumber();
      assertEquals(200, r.statusCode(), r.body());
      String text = r.body();
      assertEquals(3, sample(text, "mercato_p2p_peers"), "mercato_p2p_peers");
      assertTrue(sample(text, "mercato_consensus_round") >= 0, "mercato_consensus_round");
      assertEquals(0, sample(text, "mercato_sync_target_height"), "caught up: no sync target");
      // The transfer sent to node0 reached this node by gossip (flushed every 50 ms, long before two blocks).
      double received = sample(text, "mercato_p2p_gossip_transactions_total{event=\"received\"}");
      assertTrue(received >= 1, "gossip received: " + received);
      assertTrue(sample(text, "mercato_p2p_gossip_transactions_total{event=\"invalid\"}") == 0, "no invalid gossip");
      // Honest peers in a full mesh only ask for what they were announced (p2p.md §11 "Serving").
      assertEquals(0, sample(text, "mercato_p2p_gossip_transactions_total{event=\"unannounced\"}"), "unannounced");
      assertTrue(sample(text, "mercato_p2p_gossip_transactions_total{event=\"rerequested\"}") >= 0, "rerequested shown");
      // Far below the default 16 MiB/s per peer: no connection was ever slowed.
      assertEquals(0, sample(text, "mercato_p2p_recv_throttled_total"), "mercato_p2p_recv_throttled_total");
      assertEquals(0, sample(text, "mercato_p2p_recv_throttled_seconds_total"), "mercato_p2p_recv_throttled_seconds_total");
      assertTrue(sample(text, "mercato_p2p_pings_total{event=\"sent\"}") >= 0, "mercato_p2p_pings_total shown");
      if (before == after) {
        assertEquals(before, sample(text, "mercato_chain_height"), "mercato_chain_height = eth_blockNumber");
        return;
      }
      assertTrue(attempt < 20, "eth_blockNumber kept moving during the scrape");
    }
  }

  /** The sum of every sample of {@code n}'s /metrics whose line starts with {@code prefix} (a metric over all its labels). */
  private static double sum(MercatoNode n, String prefix) {
    return metricsText(n).lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  /** The unlabelled sample {@code name} of {@code n}'s /metrics, scraped now. */
  private static double scrape(MercatoNode n, String name) {
    return sample(metricsText(n), name);
  }

  /** {@code n}'s /metrics, scraped now. */
  private static String metricsText(MercatoNode n) {
    URI metrics = URI.create("http://127.0.0.1:" + n.metricsAddress().getPort() + "/metrics");
    try {
      return HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }


  /** The value of the unlabelled sample {@code name}. */
  private static double sample(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(text);
    if (!m.find()) {
      throw new AssertionError("no sample " + name + " in\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  // ---- helpers (package-private: DoubleSigningNetworkTest runs its own network with them) ----

  /** A home from {@code mercato testnet}, with metrics on a free port (its config's port is not checked free). */
  static NodeHome load(TestnetNode node) throws IOException {
    NodeHome h = NodeHome.load(node.home(), CURVE);
    return h.withConfig(h.config().withMetrics(new MetricsConfig(true, "127.0.0.1", 0)));
  }

  static NetworkConfig fast(NetworkConfig c) {
    return c.withTimeouts(Duration.ofMillis(800), Duration.ofMillis(400), Duration.ofMillis(100));
  }

  static MercatoNode start(NodeHome h) {
    return start(h, h.settings());
  }

  static MercatoNode start(NodeHome h, ValidatorNetwork.Settings settings) {
    MercatoNode n = new MercatoNode(h.genesis().toChainParameters(), h.config(), settings, CURVE, List.of(), Clock.systemUTC());
    try {
      n.start();
    } catch (RuntimeException e) {
      n.close();
      throw e;
    }
    return n;
  }

  static Rpc rpc(MercatoNode n) {
    return new Rpc(n.rpcUri(), Duration.ofSeconds(10));
  }

  private long minHead(int... which) {
    long min = Long.MAX_VALUE;
    for (int i : which) {
      min = Math.min(min, nodes[i].chain().head().number());
    }
    return min;
  }

  /** Every block 0..(lowest head) has the same hash on every node, read over eth_getBlockByNumber. */
  static void assertSameBlocks(List<MercatoNode> all) {
    long upTo = all.stream().mapToLong(n -> n.chain().head().number()).min().orElseThrow();
    List<JsonNode> reference = rpc(all.get(0)).blocks(0, upTo);
    for (int i = 1; i < all.size(); i++) {
      List<JsonNode> blocks = rpc(all.get(i)).blocks(0, upTo);
      for (long h = 0; h <= upTo; h++) {
        assertNotNull(blocks.get((int) h), "node " + i + " lacks block " + h);
        assertEquals(reference.get((int) h).get("hash").asText(), blocks.get((int) h).get("hash").asText(),
            "hash of block " + h + " on node " + i);
      }
    }
    System.out.printf("%d nodes agree on blocks 0..%d%n", all.size(), upTo);
  }

  static void waitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + ": " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** A base port with {@code count} free consecutive ports on 127.0.0.1. */
  static int freeBasePort(int count) {
    Random random = new Random();
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + random.nextInt(30_000);
      boolean free = true;
      for (int p = base; p < base + count && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free port range");
  }
}
