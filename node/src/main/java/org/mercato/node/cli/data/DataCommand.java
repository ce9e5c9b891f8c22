package org.mercato.node.cli.data;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mercato data}: the data market from the command line (docs/spec/data-market.md §JSON-RPC and CLI). */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Publish, buy, order, download and list data assets through a node's JSON-RPC.",
    subcommands = {PublishCommand.class, BuyCommand.class, OrderCommand.class, DownloadCommand.class, ListCommand.class,
        CommandLine.HelpCommand.class})
public final class DataCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
