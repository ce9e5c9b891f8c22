package org.mercato.node.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.abi.Abi;
import org.mercato.node.cli.data.ChainSession.ChainException;
import org.mercato.state.types.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mercato data download}: fetches the file of an order from the provider with a request signed by the consumer
 * (the key file's account), then checks its SHA-256 against the asset's contentHash read from the chain, not from the
 * provider (docs/spec/data-market.md §Provider, "How a consumer verifies a download"). The file appears at {@code --out}
 * only if it matches; a mismatch deletes it and fails.
 */
@Command(name = "download", mixinStandardHelpOptions = true, description = "Download an ordered file and check it against the chain.")
public final class DownloadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--provider", required = true, paramLabel = "URL", description = "The provider named in the order.")
  URI provider;

  @Option(names = "--order", required = true, paramLabel = "TX", description = "The order: hash of its startOrder transaction.")
  String order;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the file.")
  Path out;

  @Override
  public Integer call() throws IOException {
    ChainSession chain = connection.signing(spec.commandLine().getErr());
    TxReport report = new TxReport(spec.commandLine().getOut());
    Hash orderTx = Hash.fromHex(order);
    // getOrder(bytes32) → (assetId, ...): the asset comes from the ledger, so it cannot be mistyped.
    Bytes32 assetId = Bytes32.wrap(chain.ethCall(DataMarketAddresses.ORDER_BOOK, Abi.call("getOrder(bytes32)", orderTx.bytes())).slice(0, 32));
    JsonNode asset = chain.call("market_getDataAsset", assetId.toHexString());
    Bytes32 expected = Bytes32.fromHexString(asset.path("contentHash").asText());

    Path dir = out.toAbsolutePath().getParent();
    Path part = Files.createTempFile(dir, ".mercato-download-", ".part");
    try {
      new ProviderClient(provider).download(chain.keyPair(), assetId, orderTx, part);
      FileDigest got = FileDigest.of(part);
      if (!got.sha256().equals(expected)) {
        throw new ChainException("SHA-256 of the download " + got.sha256().toHexString() + " differs from the asset's on-chain"
            + " contentHash " + expected.toHexString() + "; nothing written");
      }
      Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      report.value("asset", assetId.toHexString());
      report.value("file", out);
      report.value("size", got.size());
      report.value("sha256", got.sha256().toHexString() + " (matches the asset's on-chain contentHash)");
    } finally {
      Files.deleteIfExists(part);
    }
    report.flush();
    return 0;
  }
}
