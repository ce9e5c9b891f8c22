package org.mercato.node;

import java.util.ServiceLoader;
import org.mercato.node.cli.DevCommand;
import org.mercato.node.cli.GenesisCommand;
import org.mercato.node.cli.InitCommand;
import org.mercato.node.cli.NodeCommand;
import org.mercato.node.cli.TestnetCommand;
import org.mercato.node.cli.data.DataCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the `mercato` command. */
@Command(
    name = "mercato",
    mixinStandardHelpOptions = true,
    versionProvider = MercatoVersion.class,
    description = "Mercato: a proof-of-stake chain with a built-in AI market.",
    subcommands = {DevCommand.class, NodeCommand.class, InitCommand.class, TestnetCommand.class, GenesisCommand.class, DataCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The full command tree, including subcommands contributed by other modules on the classpath. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    for (SubcommandProvider p : ServiceLoader.load(SubcommandProvider.class)) {
      cl.addSubcommand(p.command());
    }
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + ex.getMessage());
      return 1;
    });
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
