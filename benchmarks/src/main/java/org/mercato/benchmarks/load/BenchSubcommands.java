package org.mercato.benchmarks.load;

import org.mercato.node.SubcommandProvider;

/** Adds {@code mercato bench} to the node's command line (found through META-INF/services). */
public final class BenchSubcommands implements SubcommandProvider {
  @Override
  public Object command() {
    return new BenchCommand();
  }
}
