package org.mercato.node.cli.data;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.mercato.node.cli.DurationConverter;
import picocli.CommandLine.Option;

/** The options every {@code mercato data} command shares: where the node is and whose key signs. */
public final class Connection {
  @Option(names = "--rpc", paramLabel = "URL", defaultValue = "http://127.0.0.1:8545",
      description = "The node's JSON-RPC endpoint (default: ${DEFAULT-VALUE}).")
  URI rpc;

  @Option(names = "--key-file", paramLabel = "FILE",
      description = "File holding the account's private key: 64 hex digits, optionally 0x-prefixed. Never printed.")
  Path keyFile;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long to wait for each transaction to be mined (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** A session signing with the key file; {@code err} receives warnings about the file. */
  ChainSession signing(PrintWriter err) {
    if (keyFile == null) {
      throw new IllegalArgumentException("--key-file is required to send transactions");
    }
    return ChainSession.signing(rpc, KeyFile.read(keyFile, err::println), timeout);
  }

  ChainSession readOnly() {
    return ChainSession.readOnly(rpc);
  }
}
