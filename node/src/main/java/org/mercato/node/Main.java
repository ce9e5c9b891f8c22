package org.mercato.node;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the `mercato` command. */
@Command(
    name = "mercato",
    mixinStandardHelpOptions = true,
    versionProvider = MercatoVersion.class,
    description = "Mercato: a proof-of-stake chain with a built-in AI market.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
