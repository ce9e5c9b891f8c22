package org.mercato.node.cli.data;

import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.abi.Abi;
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
 * {@code startOrder} on the order book {@code 0x…1004}; the order's id is this transaction's hash, which the provider
 * checks (docs/spec/data-market.md §Orders, §JSON-RPC and CLI). The provider fee is zero, signed by the sender's own
 * key and naming it (the book requires a correctly signed, non-zero fee address).
 */
@Command(name = "order", mixinStandardHelpOptions = true, description = "Spend one datatoken to order access to its asset.")
public final class OrderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--datatoken", required = true, description = "The datatoken to spend (address).")
  String datatoken;

  @Option(names = "--consumer", description = "Who may download (default: the sender).")
  String consumer;

  @Option(names = "--service-index", defaultValue = "0", description = "Recorded with the order (default: ${DEFAULT-VALUE}).")
  long serviceIndex;

  @Override
  public Integer call() {
    ChainSession chain = connection.signing(spec.commandLine().getErr());
    TxReport report = new TxReport(spec.commandLine().getOut());
    Address dt = Address.fromHex(datatoken);
    Address who = consumer == null ? chain.account() : Address.fromHex(consumer);
    Bytes32 assetId = Bytes32.wrap(chain.ethCall(DataMarketAddresses.ASSET_FACTORY, Abi.call("assetOfDatatoken(address)", dt)).slice(0, 32));
    // Until the provider's GET /initialize is available here, the sender's own zero fee (a valid, named fee address).
    ProviderFee fee = ProviderFee.sign(chain.keyPair(), Address.ZERO, UInt256.ZERO, UInt256.ZERO, Bytes.EMPTY);
    Receipt r = chain.send(DataMarketAddresses.ORDER_BOOK, Wei.ZERO,
        OrderCalls.startOrderOnBook(dt, who, serviceIndex, fee, ConsumeMarketFee.NONE));
    report.tx("startOrder", r);
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
