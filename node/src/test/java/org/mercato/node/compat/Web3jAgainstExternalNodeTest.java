package org.mercato.node.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * Runs {@link Web3jCompatibilitySuite} against a node that is already running, at the URL in the
 * system property {@code mercato.compat.url} (e.g. {@code -Dmercato.compat.url=http://127.0.0.1:8546}
 * for an Anvil started by hand). Skipped when the property is not set: CI runs the suite against a
 * Mercato dev node that its own test starts.
 */
class Web3jAgainstExternalNodeTest {
  static final String URL_PROPERTY = "mercato.compat.url";

  private static Web3jCompatibilitySuite suite;

  @BeforeAll
  static void connect() {
    String url = System.getProperty(URL_PROPERTY, "");
    Assumptions.assumeFalse(url.isBlank(), "set -D" + URL_PROPERTY + "=http://host:port to run the web3j suite");
    suite = new Web3jCompatibilitySuite(url, DevAccounts.web3jKeys());
  }

  @AfterAll
  static void close() {
    if (suite != null) {
      suite.close();
    }
  }

  @Test
  void devAccountDerivationMatchesTheWellKnownAddresses() {
    assertEquals("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", DevAccounts.credentials(0).getAddress());
    assertEquals("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", DevAccounts.credentials(1).getAddress());
  }

  @Test
  void chainId() {
    suite.checkChainId();
  }

  @Test
  void balanceAndNonce() {
    suite.checkBalanceAndNonce();
  }

  @Test
  void eip1559Transfer() {
    suite.checkEip1559Transfer();
  }

  @Test
  void legacyTransfer() {
    suite.checkLegacyTransfer();
  }

  @Test
  void estimateGas() {
    suite.checkEstimateGas();
  }

  @Test
  void feeHistory() {
    suite.checkFeeHistory();
  }

  @Test
  void blockByNumberWithFullTransactions() {
    suite.checkBlockByNumberWithFullTransactions();
  }

  @Test
  void nonceTooLow() {
    suite.checkNonceTooLow();
  }

  @Test
  void insufficientFunds() {
    suite.checkInsufficientFunds();
  }

  @Test
  void invalidChainId() {
    suite.checkInvalidChainId();
  }

  @Test
  void intrinsicGasTooLow() {
    suite.checkIntrinsicGasTooLow();
  }

  @Test
  void contractCreationRejected() {
    suite.checkContractCreationRejected();
  }
}
