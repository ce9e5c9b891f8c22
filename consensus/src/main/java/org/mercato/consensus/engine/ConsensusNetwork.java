package org.mercato.consensus.engine;

/**
 * Where the engine sends its consensus messages: to every other validator. The node adapts a p2p
 * channel to it; inbound bytes go to {@link BftEngine#onMessage(byte[])}. Must not block for long
 * and must not call back into the engine synchronously (it is called on the consensus thread).
 */
@FunctionalInterface
public interface ConsensusNetwork {
  void broadcast(byte[] message);
}
