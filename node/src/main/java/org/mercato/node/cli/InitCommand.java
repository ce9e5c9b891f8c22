package org.mercato.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.mercato.genesis.DevGenesis;
import org.mercato.genesis.GenesisFile;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.config.ConfigFile;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `mercato init --home DIR`: a ready-to-run home folder (key, genesis, commented config). */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Creates a node home folder: validator_key.json, genesis.json (or a copy of --genesis) and config.toml.")
public final class InitCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--home", required = true, paramLabel = "DIR", description = "The folder to create.")
  Path home;

  @Option(names = "--genesis", paramLabel = "FILE", description = "Use this genesis instead of a new single-validator one.")
  Path genesis;

  @Option(names = "--validator-key", paramLabel = "FILE", description = "Use this validator key instead of generating one.")
  Path validatorKey;

  @Override
  public Integer call() throws IOException {
    if (Files.exists(home.resolve("genesis.json"))) {
      throw new ParameterException(spec.commandLine(), home + " is already initialised");
    }
    Files.createDirectories(home);
    Secp256k1 curve = Secp256k1s.best();
    ValidatorKey key = validatorKey != null ? ValidatorKey.read(validatorKey, curve) : ValidatorKey.generate(new SecureRandom(), curve);
    key.write(home.resolve(ValidatorKey.FILE_NAME));
    GenesisFile g;
    if (genesis != null) {
      g = GenesisFile.read(genesis);
    } else {
      DevGenesis.Options o = DevGenesis.Options.defaults(System.currentTimeMillis() / 1000);
      g = DevGenesis.create(o, DevGenesis.accounts(o), key);
    }
    g.write(home.resolve("genesis.json"));
    ConfigFile.writeTemplate(home.resolve(ConfigFile.FILE_NAME));
    System.out.println("Initialised " + home + " (validator " + key.address().toChecksumHex() + ", chain " + g.chainId()
        + "). Start it with: mercato node --home " + home);
    return 0;
  }
}
