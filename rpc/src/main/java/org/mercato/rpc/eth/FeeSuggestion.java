package org.mercato.rpc.eth;

import org.mercato.state.types.Wei;

/** The tip the node suggests to wallets (eth_maxPriorityFeePerGas, and in eth_gasPrice). */
public record FeeSuggestion(Wei priorityFee) {
  /** 1 gwei: geth's default suggestion; any positive tip is included by a Mercato proposer. */
  public static FeeSuggestion defaults() {
    return new FeeSuggestion(Wei.of(1_000_000_000L));
  }
}
