package org.mercato.genesis;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.hd.DevAccounts;
import org.mercato.state.types.Wei;

/**
 * The genesis of a development chain: well-known funded accounts from a mnemonic (the Hardhat/Anvil
 * one by default, so tools configured for those work unchanged) and one validator.
 */
public final class DevGenesis {
  public static final long DEFAULT_CHAIN_ID = 31337;
  public static final int DEFAULT_ACCOUNTS = 20;
  public static final long DEFAULT_BALANCE_COINS = 10_000;
  public static final long DEFAULT_BLOCK_GAS_LIMIT = 1_000_000_000L;
  public static final Wei DEFAULT_BASE_FEE = Wei.of(1_000_000_000L);
  public static final Wei DEFAULT_VALIDATOR_STAKE = Wei.coins(1_000_000);

  /** Settings of a dev genesis. {@code balance} is per account, in wei. */
  public record Options(long chainId, String mnemonic, int accounts, Wei balance, long blockGasLimit, long timestamp) {
    public Options {
      if (accounts < 0 || accounts > 10_000) {
        throw new IllegalArgumentException("accounts must be 0..10000");
      }
    }

    public static Options defaults(long timestamp) {
      return new Options(DEFAULT_CHAIN_ID, DevAccounts.HARDHAT_MNEMONIC, DEFAULT_ACCOUNTS,
          Wei.coins(DEFAULT_BALANCE_COINS), DEFAULT_BLOCK_GAS_LIMIT, timestamp);
    }
  }

  private DevGenesis() {}

  public static List<KeyPair> accounts(Options o) {
    return DevAccounts.derive(o.mnemonic(), o.accounts());
  }

  public static GenesisFile create(Options o, List<KeyPair> accounts, ValidatorKey validator) {
    Map<String, GenesisFile.Allocation> alloc = new TreeMap<>();
    for (KeyPair k : accounts) {
      alloc.put(k.address().toChecksumHex(), new GenesisFile.Allocation(o.balance().value().toString()));
    }
    GenesisFile.Validator v = new GenesisFile.Validator("dev", validator.address().toChecksumHex(),
        validator.keyPair().publicKey().toHexString(), DEFAULT_VALIDATOR_STAKE.value().toString());
    return new GenesisFile(GenesisFile.ABOUT, o.chainId(), o.timestamp(), o.blockGasLimit(),
        DEFAULT_BASE_FEE.value().toString(), DEFAULT_BASE_FEE.value().toString(), alloc, List.of(v), null);
  }

}
