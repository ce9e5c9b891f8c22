package org.mercato.consensus.engine;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.mercato.state.crypto.Signature;
import org.mercato.state.tx.KnownTransactions;
import org.mercato.state.types.Hash;

/**
 * Where {@link BftEngine#onMessage} decodes what peers send (docs/spec/consensus.md §10 "Inbound
 * messages"). A vote is small and decoded on the caller's thread; a proposal carries a whole block,
 * so it is decoded on {@code proposals} (a bounded pool: the p2p event loop only frames bytes), its
 * senders recovered in parallel on {@code recovery}, skipping those {@code known} holds (the pool).
 * The decoded message then goes to the one consensus thread.
 *
 * @param proposals runs one proposal's decoding; may refuse when full (the proposal is dropped and logged)
 * @param recovery runs the chunks of sender recovery; work it refuses runs on the decoding thread
 * @param known transactions this node already recovered, by hash
 * @param signatures told each decoded vote's and proposal's (digest, signature) on the decoding
 *     thread, so the signer's key is recovered there, in parallel with other peers' messages, and the
 *     consensus thread's check finds it in a {@link RecoveryMemo}
 */
public record InboundDecoding(Executor proposals, Executor recovery, KnownTransactions known, Prewarm signatures) {
  /** Everything on the caller's thread, nothing known: deterministic tests and the lone dev validator. */
  public static final InboundDecoding INLINE = new InboundDecoding(Runnable::run, Runnable::run, KnownTransactions.NONE);

  /** Work done on a signature before the consensus thread checks it. */
  @FunctionalInterface
  public interface Prewarm {
    Prewarm NONE = (digest, signature) -> {};

    void signature(Hash digest, Signature signature);
  }

  public InboundDecoding {
    Objects.requireNonNull(proposals);
    Objects.requireNonNull(recovery);
    Objects.requireNonNull(known);
    Objects.requireNonNull(signatures);
  }

  public InboundDecoding(Executor proposals, Executor recovery, KnownTransactions known) {
    this(proposals, recovery, known, Prewarm.NONE);
  }
}
