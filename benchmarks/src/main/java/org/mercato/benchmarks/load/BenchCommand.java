package org.mercato.benchmarks.load;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mercato bench}: load generators against a running node's JSON-RPC. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Load tools: measure a running node (Mercato, Anvil, Hardhat) over JSON-RPC.",
    subcommands = {TransfersCommand.class, OrdersCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
