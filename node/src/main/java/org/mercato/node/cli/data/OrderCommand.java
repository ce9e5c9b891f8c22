package org.mercato.node.cli.data;

import java.math.BigInteger;
import java.net.URI;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.fre.FixedRateExchange;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.order.ConsumeMarketFee;
import org.mercato.market.data.order.OrderCalls;
import org.mercato.market.data.order.Orders;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mercato data order}: spends one datatoken of the sender for a consumer (default: the sender) with
 * {@code startOrder} on the order book {@code 0x…1004}, or with {@code --exchange} buys it and orders in one atomic
 * transaction ({@code buyFromFreAndOrder}, coins = the quote or {@code --max-cost}, the rest refunded); the order's id is this transaction's hash, which the provider
 * checks (docs/spec/data-market.md §Orders, §JSON-RPC and CLI). The provider fee (always zero) comes from the
 * provider's {@code GET /initialize}, so the order names that provider; without {@code --provider} the sender signs a
 * zero fee naming itself (the book requires a correctly signed, non-zero fee address), which no provider serves.
 */
@Command(name = "order", mixinStandardHelpOptions = true, description = "Spend one datatoken to order access to its asset.")
public final class OrderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--datatoken", description = "The datatoken to spend (address): one the sender holds.")
  String datatoken;

  @Option(names = "--exchange", paramLabel = "ID",
      description = "Buy the datatoken from this fixed-rate exchange and order in one transaction (buyFromFreAndOrder).")
  String exchange;

  @Option(names = "--max-cost", converter = TokenAmount.class,
      description = "With --exchange: most coins to pay for the datatoken, fees included (default: the current quote).")
  BigInteger maxCost;

  @Option(names = "--provider", paramLabel = "URL",
      description = "The provider that will serve the file: its GET /initialize fee names it in the order (without it the "
          + "order names the sender, and no provider serves it).")
  URI provider;

  @Option(names = "--consumer", description = "Who may download (default: the sender).")
  String consumer;

  @Option(names = "--service-index", defaultValue = "0", description = "Recorded with the order (default: ${DEFAULT-VALUE}).")
  long serviceIndex;

  @Override
  public Integer call() {
    ChainSession chain = connection.signing(spec.commandLine().getErr());
    TxReport report = new TxReport(spec.commandLine().getOut());
    if ((datatoken == null) == (exchange == null)) {
      throw new IllegalArgumentException("give exactly one of --datatoken (spend one held) and --exchange (buy one and order)");
    }
    Bytes32 exchangeId = exchange == null ? null : Bytes32.fromHexString(exchange);
    Address dt = exchange == null ? Address.fromHex(datatoken)
        : Address.fromHex(chain.call("market_getExchange", exchange).path("datatoken").asText(Address.ZERO.toHex()));
    Address who = consumer == null ? chain.account() : Address.fromHex(consumer);
    Bytes32 assetId = Bytes32.wrap(chain.ethCall(DataMarketAddresses.ASSET_FACTORY, Abi.call("assetOfDatatoken(address)", dt)).slice(0, 32));
    ProviderFee fee;
    if (provider != null) {
      fee = new ProviderClient(provider).initialize(assetId, who);
    } else {
      spec.commandLine().getErr().println("warning: no --provider: the order names no provider, so no provider will serve it");
      fee = ProviderFee.sign(chain.keyPair(), Address.ZERO, UInt256.ZERO, UInt256.ZERO, Bytes.EMPTY);
    }
    Receipt r;
    if (exchangeId == null) {
      r = chain.send(DataMarketAddresses.ORDER_BOOK, Wei.ZERO, OrderCalls.startOrderOnBook(dt, who, serviceIndex, fee,
          ConsumeMarketFee.NONE));
      report.tx("startOrder", r);
    } else {
      BigInteger quote = Abi.args(chain.ethCall(DataMarketAddresses.FIXED_RATE_EXCHANGE, Abi.call(
          "calcBaseInGivenOutDT(bytes32,uint256,uint256)", exchangeId, Orders.ORDER_AMOUNT, BigInteger.ZERO)), 0).uint(0).toBigInteger();
      BigInteger bound = maxCost != null ? maxCost : quote;
      r = chain.send(DataMarketAddresses.ORDER_BOOK, new Wei(bound), OrderCalls.buyFromFreAndOrder(exchangeId, bound,
          Address.ZERO, BigInteger.ZERO, who, serviceIndex, fee, ConsumeMarketFee.NONE));
      report.tx("buyFromFreAndOrder", r);
      Abi.Args swapped = Abi.args(r.log(DataMarketAddresses.FIXED_RATE_EXCHANGE, FixedRateExchange.SWAPPED_TOPIC).data(), 0);
      report.value("paid", TokenAmount.format(swapped.uint(0).toBigInteger()) + " coins for the datatoken (market fee "
          + TokenAmount.format(swapped.uint(3).toBigInteger()) + ", community fee "
          + TokenAmount.format(swapped.uint(4).toBigInteger()) + "), plus gas");
    }
    report.value("order", r.hash());
    report.value("asset", assetId.toHexString());
    report.value("consumer", who.toChecksumHex());
    report.value("provider", fee.address().toChecksumHex());
    report.value("spent", TokenAmount.format(Orders.ORDER_AMOUNT.toBigInteger()) + " datatoken ("
        + TokenAmount.format(Orders.COLLECTOR_SHARE.toBigInteger()) + " to the payment collector, "
        + TokenAmount.format(Orders.COMMUNITY_CUT.toBigInteger()) + " to the community collector)");
    report.flush();
    return 0;
  }
}
