package org.mercato.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.mercato.genesis.DevGenesis;
import org.mercato.genesis.GenesisFile;
import org.mercato.genesis.ValidatorKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.types.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `mercato genesis --out FILE`: writes a genesis file (format: docs/spec/genesis.md). */
@Command(name = "genesis", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Writes a genesis file: chain id, timestamp, gas limit, base fee, funded dev accounts, one validator",
        "and an empty market section. Format: docs/spec/genesis.md.",
        "The validator's key is written beside it as validator_key.json unless --validator-key names an existing one."})
public final class GenesisCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the genesis (refuses to overwrite).")
  Path out;

  @Option(names = "--validator-key", paramLabel = "FILE", description = "Use this validator key instead of generating one.")
  Path validatorKey;

  @Option(names = "--chain-id", defaultValue = "31337", description = "Chain id (default: ${DEFAULT-VALUE}).")
  long chainId;

  @Option(names = "--accounts", defaultValue = "20", description = "Funded dev accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(names = "--balance", defaultValue = "10000", converter = CoinAmountConverter.class,
      description = "Coins per dev account (default: ${DEFAULT-VALUE}).")
  Wei balance;

  @Option(names = "--block-gas-limit", defaultValue = "1000000000", description = "Block gas limit (default: ${DEFAULT-VALUE}).")
  long blockGasLimit;

  @Override
  public Integer call() throws IOException {
    if (Files.exists(out)) {
      throw new ParameterException(spec.commandLine(), out + " exists; refusing to overwrite a genesis");
    }
    Path folder = out.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      throw new ParameterException(spec.commandLine(), "--out: folder " + folder + " does not exist");
    }
    Wei perAccount = balance;
    Secp256k1 curve = Secp256k1s.best();
    ValidatorKey key;
    if (validatorKey != null) {
      key = ValidatorKey.read(validatorKey, curve);
    } else {
      Path keyFile = out.toAbsolutePath().resolveSibling(ValidatorKey.FILE_NAME);
      if (Files.exists(keyFile)) {
        throw new ParameterException(spec.commandLine(), keyFile + " exists; pass it with --validator-key to reuse it");
      }
      key = ValidatorKey.generate(new SecureRandom(), curve);
      key.write(keyFile);
      System.out.println("Validator key written to " + keyFile + " (keep it private)");
    }
    DevGenesis.Options options = new DevGenesis.Options(chainId, DevGenesis.Options.defaults(0).mnemonic(), accounts,
        perAccount, blockGasLimit, System.currentTimeMillis() / 1000);
    GenesisFile genesis = DevGenesis.create(options, DevGenesis.accounts(options), key);
    genesis.toChainParameters();
    genesis.write(out);
    System.out.println("Genesis written to " + out + ": chain " + chainId + ", " + accounts + " accounts, validator "
        + key.address().toChecksumHex());
    return 0;
  }
}
