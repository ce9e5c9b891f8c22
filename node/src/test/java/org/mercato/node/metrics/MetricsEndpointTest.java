package org.mercato.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.config.MetricsConfig;
import org.mercato.node.config.NodeConfig;
import org.mercato.node.testing.InProcessDevNode;
import org.mercato.node.testing.Rpc;
import org.mercato.p2p.transport.TransportStats;
import org.web3j.crypto.Credentials;

/**
 * A real dev node with metrics on a free 127.0.0.1 port, scraped over a real socket. Blocks are
 * produced by hand (the timer is an hour), so every count below is exact.
 */
class MetricsEndpointTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String TO = "0x000000000000000000000000000000000000dEaD";

  private static InProcessDevNode node;
  private static Rpc rpc;
  private static URI base;

  @BeforeAll
  static void start() {
    node = new InProcessDevNode(Duration.ofHours(1), List.of());
    rpc = new Rpc(node.rpcUri(), Duration.ofSeconds(10));
    InetSocketAddress a = node.node().metricsAddress();
    assertNotNull(a, "metrics server running");
    base = URI.create("http://127.0.0.1:" + a.getPort());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void scrapeMatchesChainPoolAndBlocks() throws Exception {
    long chainId = rpc.chainId();
    Credentials alice = DevAccounts.credentials(1);
    Credentials bob = DevAccounts.credentials(2);
    BigInteger fee = rpc.maxFee();
    long start = rpc.blockNumber();
    // Three executable transfers from alice, one from bob with a nonce gap (queued).
    for (int n = 0; n < 3; n++) {
      rpc.sendRaw(Rpc.signTransfer(alice, chainId, BigInteger.valueOf(n), TO, BigInteger.ONE, fee));
    }
    rpc.sendRaw(Rpc.signTransfer(bob, chainId, BigInteger.valueOf(5), TO, BigInteger.ONE, fee));
    String before = scrape();
    assertEquals(3, value(before, "mercato_txpool_transactions{state=\"pending\"}"), before);
    assertEquals(1, value(before, "mercato_txpool_transactions{state=\"queued\"}"), before);

    node.node().produceBlockNow(); // 3 transfers
    rpc.sendRaw(Rpc.signTransfer(alice, chainId, BigInteger.valueOf(3), TO, BigInteger.ONE, fee));
    rpc.sendRaw(Rpc.signTransfer(alice, chainId, BigInteger.valueOf(4), TO, BigInteger.ONE, fee));
    node.node().produceBlockNow(); // 2 transfers
    node.node().produceBlockNow(); // empty

    long height = rpc.blockNumber();
    assertEquals(start + 3, height);
    String text = scrape();
    assertEquals(height, value(text, "mercato_chain_height"), text);
    assertEquals(0, value(text, "mercato_txpool_transactions{state=\"pending\"}"), text);
    assertEquals(1, value(text, "mercato_txpool_transactions{state=\"queued\"}"), text);
    assertEquals(3, value(text, "mercato_block_transactions_count"), text);
    assertEquals(5, value(text, "mercato_block_transactions_sum"), text);
    assertEquals(3, value(text, "mercato_block_transactions_max"), text);
    assertEquals(1, value(text, "mercato_block_transactions_bucket{le=\"1.0\"}"), text);
    assertEquals(3, value(text, "mercato_block_transactions_bucket{le=\"10.0\"}"), text);
    assertEquals(5 * 21_000, value(text, "mercato_block_gas_used_sum"), text);
    assertEquals(3, value(text, "mercato_block_commit_seconds_count"), text);
    assertEquals(3, value(text, "mercato_block_execution_seconds_count"), text);
    assertTrue(value(text, "mercato_block_commit_seconds_sum") > 0, text);
    assertEquals(2, value(text, "mercato_block_interval_seconds_count"), "intervals between 3 commits\n" + text);
    assertEquals(3, value(text, "mercato_block_header_interval_seconds_count"), text);
    assertEquals(6, value(text, "mercato_rpc_requests_total{method=\"eth_sendRawTransaction\",outcome=\"ok\"}"), text);
    assertTrue(value(text, "mercato_rpc_requests_total{method=\"eth_blockNumber\",outcome=\"ok\"}") >= 2, text);
    // Not yet wired: 0 until consensus, p2p and sync bind their suppliers.
    assertEquals(0, value(text, "mercato_p2p_peers"), text);
    assertEquals(0, value(text, "mercato_consensus_round"), text);
    assertEquals(0, value(text, "mercato_sync_remaining_blocks"), text);
    for (String p2p : List.of("mercato_p2p_pings_total{event=\"sent\"}", "mercato_p2p_pings_total{event=\"pong_received\"}",
        "mercato_p2p_ping_rtt_seconds_count", "mercato_p2p_ping_rtt_seconds_sum", "mercato_p2p_recv_throttled_total",
        "mercato_p2p_recv_throttled_seconds_total")) {
      assertEquals(0, value(text, p2p), p2p + " shown, 0 without a transport\n" + text);
    }
    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM binders registered");
  }

  @Test
  void rpcErrorsAreCountedAsErrors() throws Exception {
    rpc.batch(List.of(new org.mercato.rpc.client.JsonRpcClient.Call("eth_getBalance", List.of("not an address", "latest"))));
    String text = scrape();
    assertTrue(value(text, "mercato_rpc_requests_total{method=\"eth_getBalance\",outcome=\"error\"}") >= 1, text);
  }

  @Test
  void suppliersBoundLaterAreRead() throws Exception {
    NodeMetrics metrics = node.node().metrics();
    metrics.bindPeers(() -> 4);
    metrics.bindRound(() -> 2);
    long height = rpc.blockNumber();
    metrics.bindSyncTarget(() -> height + 10);
    TransportStats transport = new TransportStats();
    transport.pingSent();
    transport.pingSent();
    transport.pongReceived(40);
    transport.recvThrottled();
    transport.recvResumed(1_500);
    metrics.bindTransport(transport);
    try {
      String text = scrape();
      assertEquals(4, value(text, "mercato_p2p_peers"), text);
      assertEquals(2, value(text, "mercato_consensus_round"), text);
      assertEquals(height + 10, value(text, "mercato_sync_target_height"), text);
      assertEquals(10, value(text, "mercato_sync_remaining_blocks"), text);
      assertEquals(2, value(text, "mercato_p2p_pings_total{event=\"sent\"}"), text);
      assertEquals(1, value(text, "mercato_p2p_pings_total{event=\"pong_received\"}"), text);
      assertEquals(1, value(text, "mercato_p2p_ping_rtt_seconds_count"), text);
      assertEquals(0.04, value(text, "mercato_p2p_ping_rtt_seconds_sum"), 1e-9, text);
      assertEquals(1, value(text, "mercato_p2p_recv_throttled_total"), text);
      assertEquals(1.5, value(text, "mercato_p2p_recv_throttled_seconds_total"), 1e-9, text);
    } finally {
      metrics.bindTransport(new TransportStats());
      metrics.bindPeers(() -> 0);
      metrics.bindRound(() -> 0);
      metrics.bindSyncTarget(() -> 0);
    }
  }

  @Test
  void bindsLoopbackByDefault() {
    assertEquals(new MetricsConfig(true, "127.0.0.1", 9545), NodeConfig.defaults().metrics());
    InetSocketAddress a = node.node().metricsAddress();
    assertEquals("127.0.0.1", a.getAddress().getHostAddress(), "metrics bound to " + a);
  }

  @Test
  void servesPrometheusTextAndRefusesOtherPaths() throws Exception {
    HttpResponse<String> ok = get("/metrics");
    assertEquals(200, ok.statusCode());
    assertEquals(MetricsServer.CONTENT_TYPE, ok.headers().firstValue("Content-Type").orElse(""));
    assertTrue(ok.body().contains("# TYPE mercato_chain_height gauge"), ok.body());
    assertEquals(404, get("/").statusCode());
    assertEquals(404, get("/metricsx").statusCode());
    assertEquals(404, get("/metrics/extra").statusCode());
    HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  @Test
  void stopReleasesThePort() throws Exception {
    MetricsServer server = new MetricsServer("127.0.0.1", 0, () -> "x 1\n");
    int port = server.start().getPort();
    assertEquals("x 1\n", HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    server.close();
    server.close(); // idempotent
    assertFalse(connects(port), "port " + port + " still accepting after close");
  }

  private static boolean connects(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String scrape() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  /** The value of the sample whose name and labels are exactly {@code series}. */
  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    if (!m.find()) {
      throw new AssertionError("no sample " + series + " in\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }
}
