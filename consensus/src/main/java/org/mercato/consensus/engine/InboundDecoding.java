package org.mercato.consensus.engine;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.mercato.state.tx.KnownTransactions;

/**
 * Where {@link BftEngine#onMessage} decodes what peers send (docs/spec/consensus.md §10 "Inbound
 * messages"). A vote is small and decoded on the caller's thread; a proposal carries a whole block,
 * so it is decoded on {@code proposals} (a bounded pool: the p2p event loop only frames bytes), its
 * senders recovered in parallel on {@code recovery}, skipping those {@code known} holds (the pool).
 * The decoded message then goes to the one consensus thread. Signatures are checked on the receiving
 * thread before that (§9), through the signer's curve: the node's is a {@link RecoveryMemo}, so the
 * consensus thread's own check finds the recovered key.
 *
 * @param proposals runs one proposal's decoding; may refuse when full (the proposal is dropped and logged)
 * @param recovery runs the chunks of sender recovery; work it refuses runs on the decoding thread
 * @param known transactions this node already recovered, by hash
 */
public record InboundDecoding(Executor proposals, Executor recovery, KnownTransactions known) {
  /** Everything on the caller's thread, nothing known: deterministic tests and the lone dev validator. */
  public static final InboundDecoding INLINE = new InboundDecoding(Runnable::run, Runnable::run, KnownTransactions.NONE);

  public InboundDecoding {
    Objects.requireNonNull(proposals);
    Objects.requireNonNull(recovery);
    Objects.requireNonNull(known);
  }
}
