package org.mercato.state.chain;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * What every node of a chain must agree on before block 1: read from the genesis file by the
 * genesis module, turned into block 0 by {@link Blockchain}. Allocations are sorted so the genesis
 * state root cannot depend on file order.
 */
public record ChainParameters(
    long chainId,
    long genesisTimestamp,
    long blockGasLimit,
    Wei initialBaseFee,
    Wei minBaseFee,
    NavigableMap<Address, Wei> allocations) {

  public ChainParameters {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive");
    }
    if (blockGasLimit < 21_000) {
      throw new IllegalArgumentException("block gas limit below one transfer");
    }
    allocations = Collections.unmodifiableNavigableMap(new TreeMap<>(allocations));
  }

  public Wei genesisSupply() {
    return allocations.values().stream().reduce(Wei.ZERO, Wei::add);
  }
}
