package org.mercato.node.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.types.Wei;

/**
 * The dev chain's start-up banner, as Hardhat and Anvil print it. The only place a private key is
 * ever printed: these keys are public knowledge (derived from a published mnemonic) and fund nothing real.
 */
final class DevBanner {
  private DevBanner() {}

  static void print(PrintStream out, List<KeyPair> keys, Wei balance, long chainId, URI rpc, Duration blockTime, String mnemonic) {
    String coins = new BigDecimal(balance.value()).movePointLeft(18).stripTrailingZeros().toPlainString();
    StringBuilder b = new StringBuilder();
    b.append("\nMercato dev chain\n=================\n\n");
    b.append("Accounts (mnemonic \"").append(mnemonic).append("\", path m/44'/60'/0'/0/i)\n");
    b.append("WARNING: these keys are publicly known. Never send real funds to them.\n\n");
    for (int i = 0; i < keys.size(); i++) {
      KeyPair k = keys.get(i);
      b.append(String.format("Account #%d: %s (%s coins)%n", i, k.address().toChecksumHex(), coins));
      b.append(String.format("Private Key: %s%n%n", k.privateKey().bytes().toHexString()));
    }
    b.append("Chain id:   ").append(chainId).append('\n');
    b.append("Block time: ").append(blockTime.toMillis()).append(" ms\n");
    b.append("JSON-RPC:   ").append(rpc).append("  (WebSocket on the same port)\n\n");
    out.print(b);
    out.flush();
  }
}
