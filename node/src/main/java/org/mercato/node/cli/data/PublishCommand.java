package org.mercato.node.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mercato data publish}: createAsset (createAssetWithMetadata when any metadata option is given; {@code --file}
 * supplies size and SHA-256 content hash), createDatatoken (the publisher as minter), and with {@code --price} a
 * native-coin fixed-rate exchange that mints on demand (docs/spec/data-market.md §JSON-RPC and CLI).
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Publish a data asset with a datatoken, and optionally sell it on a fixed-rate exchange.")
public final class PublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--name", required = true, description = "Asset name (1..31 bytes).")
  String name;

  @Option(names = "--symbol", required = true, description = "Asset symbol (1..31 bytes).")
  String symbol;

  @Option(names = "--file", paramLabel = "PATH",
      description = "The data file: its size and SHA-256 become the asset's size and contentHash (the file is not sent).")
  Path file;

  @Option(names = "--provider", paramLabel = "URL",
      description = "With --file: upload the file to this provider (signed by the publisher) after publishing.")
  URI provider;

  @Option(names = "--description", description = "Asset description (up to 1024 bytes).")
  String description;

  @Option(names = "--tag", paramLabel = "TAG", description = "A tag (repeatable, up to 8, each 1..31 bytes).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--license", description = "License: an SPDX id or a URL.")
  String license;

  @Option(names = "--content-type", description = "MIME type of the file (default with --file: application/octet-stream).")
  String contentType;

  @Option(names = "--access-duration", paramLabel = "SECONDS", defaultValue = "0",
      description = "How long an order gives access, in seconds; 0 = forever (default).")
  long accessDuration;

  @Option(names = "--datatoken-name", description = "Datatoken name (default: the asset name).")
  String datatokenName;

  @Option(names = "--datatoken-symbol", description = "Datatoken symbol (default: the asset symbol followed by DT, if it fits).")
  String datatokenSymbol;

  @Option(names = "--cap", defaultValue = "1000000", converter = TokenAmount.class,
      description = "Datatoken cap in datatokens (default: ${DEFAULT-VALUE}).")
  BigInteger cap;

  @Option(names = "--price", converter = TokenAmount.class,
      description = "Open a fixed-rate exchange selling datatokens at this many coins each (minted on demand).")
  BigInteger price;

  @Option(names = "--market-fee", defaultValue = "0", converter = TokenAmount.class,
      description = "Publishing market's fee on each sale as a fraction (0.01 = 1%%; 0 or 0.0001..0.5; default 0).")
  BigInteger marketFee;

  @Option(names = "--market-fee-collector", description = "Who receives the market fee (default: the publisher).")
  String marketFeeCollector;

  private boolean hasMetadata() {
    return file != null || description != null || !tags.isEmpty() || license != null || contentType != null || accessDuration != 0;
  }

  @Override
  public Integer call() {
    ChainSession chain = connection.signing(spec.commandLine().getErr());
    TxReport report = new TxReport(spec.commandLine().getOut());
    Address me = chain.account();

    Receipt asset;
    if (hasMetadata()) {
      FileDigest digest = file == null ? FileDigest.NONE : FileDigest.of(file);
      String type = contentType != null ? contentType : file != null ? "application/octet-stream" : "";
      asset = chain.send(DataMarketAddresses.ASSET_FACTORY, Wei.ZERO, Abi.call(
          "createAssetWithMetadata(string,string,string,string[],string,string,uint256,bytes32,uint256,uint8)", name, symbol,
          description == null ? "" : description, List.copyOf(tags), license == null ? "" : license, type, digest.size(),
          digest.sha256(), accessDuration, 0L));
      report.tx("createAssetWithMetadata", asset);
      report.value("contentHash", digest.sha256().toHexString());
      report.value("size", digest.size());
      if (provider != null && file != null) {
        Bytes32 id = asset.log(DataMarketAddresses.ASSET_FACTORY, DataAssetFactory.ASSET_CREATED_TOPIC).topics().get(1);
        ProviderClient client = new ProviderClient(provider);
        JsonNode stored = client.upload(chain.keyPair(), id, digest.sha256(), file);
        report.value("uploaded", stored.path("contentHash").asText() + " (" + stored.path("size").asLong() + " bytes) to provider "
            + client.address().toChecksumHex());
      }
    } else {
      asset = chain.send(DataMarketAddresses.ASSET_FACTORY, Wei.ZERO, Abi.call("createAsset(string,string)", name, symbol));
      report.tx("createAsset", asset);
    }
    Bytes32 assetId = asset.log(DataMarketAddresses.ASSET_FACTORY, DataAssetFactory.ASSET_CREATED_TOPIC).topics().get(1);
    report.value("asset", assetId.toHexString());

    String dtName = datatokenName != null ? datatokenName : name;
    String dtSymbol = datatokenSymbol != null ? datatokenSymbol : (symbol.length() <= 29 ? symbol + "DT" : symbol);
    Receipt token = chain.send(DataMarketAddresses.ASSET_FACTORY, Wei.ZERO,
        Abi.call("createDatatoken(bytes32,string,string,uint256,address)", assetId, dtName, dtSymbol, cap, me));
    report.tx("createDatatoken", token);
    Address datatoken = new Address(
        token.log(DataMarketAddresses.ASSET_FACTORY, DataAssetFactory.TOKEN_CREATED_TOPIC).topics().get(1).slice(12, 20));
    report.value("datatoken", datatoken.toChecksumHex());
    report.value("cap", TokenAmount.format(cap));

    if (price != null) {
      Address collector = marketFeeCollector == null ? me : Address.fromHex(marketFeeCollector);
      Receipt fre = chain.send(DataMarketAddresses.FIXED_RATE_EXCHANGE, Wei.ZERO,
          Abi.call("createFixedRate(address,uint256,uint256,address,bool)", datatoken, price, marketFee, collector, true));
      report.tx("createFixedRate", fre);
      Bytes32 id = fre.log(DataMarketAddresses.FIXED_RATE_EXCHANGE, FixedRateExchange.EXCHANGE_CREATED_TOPIC).topics().get(1);
      report.value("exchange", id.toHexString());
      report.value("price", TokenAmount.format(price) + " coins per datatoken");
    }
    report.flush();
    return 0;
  }
}
