package org.mercato.node.cli.data;

import java.math.BigInteger;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mercato data buy}: quotes {@code calcBaseInGivenOutDT}, then {@code buyDT} with the quote (or
 * {@code --max-cost}) as slippage bound and as the coins sent; the exchange refunds what the buy did not cost.
 */
@Command(name = "buy", mixinStandardHelpOptions = true, description = "Buy datatokens from a fixed-rate exchange with coins.")
public final class BuyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--exchange", required = true, paramLabel = "ID", description = "Exchange id (bytes32, 0x-hex).")
  String exchange;

  @Option(names = "--amount", defaultValue = "1", converter = TokenAmount.class,
      description = "Datatokens to buy (default: ${DEFAULT-VALUE}).")
  BigInteger amount;

  @Option(names = "--max-cost", converter = TokenAmount.class,
      description = "Most coins to pay, fees included (default: the current quote).")
  BigInteger maxCost;

  @Override
  public Integer call() {
    ChainSession chain = connection.signing(spec.commandLine().getErr());
    TxReport report = new TxReport(spec.commandLine().getOut());
    Bytes32 id = Bytes32.fromHexString(exchange);
    Address fre = DataMarketAddresses.FIXED_RATE_EXCHANGE;
    Bytes quote = chain.ethCall(fre, Abi.call("calcBaseInGivenOutDT(bytes32,uint256,uint256)", id, amount, BigInteger.ZERO));
    BigInteger cost = Abi.args(quote, 0).uint(0).toBigInteger();
    BigInteger bound = maxCost != null ? maxCost : cost;
    Receipt r = chain.send(fre, new Wei(bound),
        Abi.call("buyDT(bytes32,uint256,uint256,address,uint256)", id, amount, bound, Address.ZERO, BigInteger.ZERO));
    report.tx("buyDT", r);
    Abi.Args swapped = Abi.args(r.log(fre, FixedRateExchange.SWAPPED_TOPIC).data(), 0);
    report.value("datatokens", TokenAmount.format(swapped.uint(1).toBigInteger()));
    report.value("datatoken", swapped.address(2).toChecksumHex());
    report.value("paid", TokenAmount.format(swapped.uint(0).toBigInteger()) + " coins (market fee "
        + TokenAmount.format(swapped.uint(3).toBigInteger()) + ", community fee " + TokenAmount.format(swapped.uint(4).toBigInteger())
        + "), plus gas");
    report.flush();
    return 0;
  }
}
