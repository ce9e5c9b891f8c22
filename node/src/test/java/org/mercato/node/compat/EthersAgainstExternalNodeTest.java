package org.mercato.node.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the ethers.js suite in compat/ against the node at {@code -Dmercato.compat.url}; skipped
 * when the property is not set (see {@link Web3jAgainstExternalNodeTest}). {@code -Dmercato.compat.provider=URL} (the
 * node's provider) also runs the buy-order-download flow.
 */
class EthersAgainstExternalNodeTest {
  @Test
  void ethersSuitePasses() {
    String url = System.getProperty(Web3jAgainstExternalNodeTest.URL_PROPERTY, "");
    Assumptions.assumeFalse(url.isBlank(), "set -D" + Web3jAgainstExternalNodeTest.URL_PROPERTY + " to run the ethers suite");
    String provider = System.getProperty("mercato.compat.provider", "");
    String output = EthersCompatibilitySuite.run(url,
        provider.isBlank() ? java.util.Map.of() : java.util.Map.of("MERCATO_PROVIDER_URL", provider), Duration.ofMinutes(5));
    assertTrue(output.contains("# fail 0") || output.contains("fail 0"), "no passing summary in:\n" + output);
  }
}
