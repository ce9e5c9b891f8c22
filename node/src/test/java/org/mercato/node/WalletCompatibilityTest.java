package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.compat.EthersCompatibilitySuite;
import org.mercato.node.compat.Web3jCompatibilitySuite;
import org.mercato.node.config.ProviderConfig;
import org.mercato.node.testing.InProcessDevNode;

/**
 * The wallet-compatibility suites against a real `mercato dev` node started in this JVM (DevGenesis
 * defaults, 200 ms blocks, RPC and the provider on free loopback ports): every check of the web3j suite (dev
 * accounts #1..#8), then the ethers v6 suite in compat/ (#9..#19, `npm ci` from the lock file when
 * needed). Node.js and npm are required: their absence fails the test rather than skipping it.
 */
class WalletCompatibilityTest {
  private static InProcessDevNode node;
  private static Web3jCompatibilitySuite web3j;

  @BeforeAll
  static void startNode() {
    node = new InProcessDevNode(Duration.ofMillis(200), List.of(),
        c -> c.withProvider(new ProviderConfig(true, "127.0.0.1", 0, Optional.empty(), ProviderConfig.DEFAULT_MAX_UPLOAD_BYTES)));
    web3j = new Web3jCompatibilitySuite(node.rpcUri().toString(), DevAccounts.web3jKeys());
  }

  @AfterAll
  static void stopNode() {
    if (web3j != null) {
      web3j.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void rpcListensOnLoopback() {
    assertTrue(node.node().rpcAddress().getAddress().isLoopbackAddress(), "RPC bound to " + node.node().rpcAddress());
  }

  @Test
  void web3jChainId() {
    web3j.checkChainId();
  }

  @Test
  void web3jBalanceAndNonce() {
    web3j.checkBalanceAndNonce();
  }

  @Test
  void web3jEip1559Transfer() {
    web3j.checkEip1559Transfer();
  }

  @Test
  void web3jLegacyTransfer() {
    web3j.checkLegacyTransfer();
  }

  @Test
  void web3jEstimateGas() {
    web3j.checkEstimateGas();
  }

  @Test
  void web3jFeeHistory() {
    web3j.checkFeeHistory();
  }

  @Test
  void web3jBlockByNumberWithFullTransactions() {
    web3j.checkBlockByNumberWithFullTransactions();
  }

  @Test
  void web3jNonceTooLow() {
    web3j.checkNonceTooLow();
  }

  @Test
  void web3jInsufficientFunds() {
    web3j.checkInsufficientFunds();
  }

  @Test
  void web3jInvalidChainId() {
    web3j.checkInvalidChainId();
  }

  @Test
  void web3jIntrinsicGasTooLow() {
    web3j.checkIntrinsicGasTooLow();
  }

  @Test
  void web3jContractCreationRejected() {
    web3j.checkContractCreationRejected();
  }

  @Test
  void ethersSuitePasses() {
    requireTool("node");
    requireTool("npm");
    String output = EthersCompatibilitySuite.run(node.rpcUri().toString(),
        Map.of("MERCATO_PROVIDER_URL", node.node().provider().uri().toString()), Duration.ofMinutes(5));
    assertTrue(!output.contains("# skipped 1"), "the buy-order-download flow was skipped:\n" + output);
    assertTrue(output.contains("# fail 0"), "no passing summary in the ethers suite's output:\n" + output);
    assertTrue(!output.contains("# pass 0"), "the ethers suite ran no test:\n" + output);
  }

  /** Fails (does not skip) when a tool the build relies on is missing: CI machines have Node.js 20. */
  private static void requireTool(String tool) {
    String hint = tool + " is required by the ethers compatibility suite (Node.js 20 with npm; see README.md)";
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        fail("`" + tool + " --version` failed: " + version + "; " + hint);
      }
    } catch (IOException e) {
      fail("`" + tool + "` is not on the PATH (" + e.getMessage() + "); " + hint);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while checking for " + tool);
    }
  }
}
