package org.mercato.consensus.engine;

/**
 * Where the engine sends its consensus messages: to every other validator. The node adapts a p2p
 * channel to it; inbound bytes go to {@link BftEngine#onMessage(byte[])}. Must not block for long
 * and must not call back into the engine synchronously (it is called on the consensus thread).
 */
@FunctionalInterface
public interface ConsensusNetwork {
  void broadcast(byte[] message);

  /**
   * Passes on another validator's message (docs/spec/consensus.md §10 "Relay"): sent like a broadcast, but the
   * node need not keep it among the recent messages of its own that it replays to a peer that connects.
   */
  default void relay(byte[] message) {
    broadcast(message);
  }
}
