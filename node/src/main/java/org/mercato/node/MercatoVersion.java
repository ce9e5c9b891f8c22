package org.mercato.node;

import picocli.CommandLine;

/** The client version string, also served by web3_clientVersion. */
public final class MercatoVersion implements CommandLine.IVersionProvider {
  public static final String NAME = "Mercato/v0.1.0/java" + Runtime.version().feature();

  @Override
  public String[] getVersion() {
    return new String[] {NAME};
  }
}
