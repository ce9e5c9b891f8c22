package org.mercato.consensus.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.block.Block;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.tx.DecodeResult;
import org.mercato.state.tx.KnownTransactions;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.types.Hash;

/**
 * The canonical wire form of consensus messages (docs/spec/consensus.md §9), RLP:
 * <pre>
 * proposal: rlp([1, height, round, value:32, validRound+1, proposer:20, sig:65, headerRlp, [txEncoding...], [evidence...]])
 * vote:     rlp([2, type (1 prevote, 2 precommit), height, round, value:32 or empty for nil, validator:20, sig:65])
 * </pre>
 * Scalars are minimal big-endian (0 is empty); {@code validRound+1} is 0 for nil. A proposal carries
 * the whole block: its header RLP and the transactions' canonical encodings only; the receiver
 * recovers every sender itself with {@link TransactionDecoder} (a sender from a peer is never trusted).
 *
 * <p>Decoding is strict (one encoding per message: re-encoding gives the input back) and never
 * throws: every failure is a {@link DecodeOutcome.Failed} with a {@link CodecError}. Signatures are
 * not verified here (the state machine does that against the validator set).
 */
public final class ConsensusCodec {
  public static final int KIND_PROPOSAL = 1;
  public static final int KIND_VOTE = 2;
  /** A vote is about 150 bytes with a 50-byte chain id out of the picture; anything bigger is not a vote. */
  public static final int MAX_VOTE_BYTES = 256;
  /** Default bound for a proposal message (block header and body included). */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  /** At most this many transactions in a proposed block (21,000 gas each would need a 1.3 G gas limit). */
  public static final int MAX_TRANSACTIONS = 65_536;
  /** At most this many evidence items in a proposed block's message (the pool includes far fewer). */
  public static final int MAX_EVIDENCE = 256;

  private final TransactionDecoder txDecoder;
  private final int maxMessageBytes;

  public ConsensusCodec(TransactionDecoder txDecoder, int maxMessageBytes) {
    this.txDecoder = Objects.requireNonNull(txDecoder);
    if (maxMessageBytes < MAX_VOTE_BYTES) {
      throw new IllegalArgumentException("max message size below a vote's");
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  public ConsensusCodec(TransactionDecoder txDecoder) {
    this(txDecoder, DEFAULT_MAX_MESSAGE_BYTES);
  }

  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  public Bytes encode(ConsensusMessage m) {
    if (m instanceof ConsensusMessage.ProposalMessage p) {
      return encodeProposal(p.proposal(), p.block());
    }
    return encodeVote(((ConsensusMessage.VoteMessage) m).vote());
  }

  public Bytes encodeProposal(Proposal p, Block block) {
    if (!block.hash().equals(p.value())) {
      throw new IllegalArgumentException("the block is not the proposed value");
    }
    return encodeProposal(p, block.header().encoded(), block.transactions().stream().map(Transaction::encoded).toList(),
        block.evidence());
  }

  private static Bytes encodeProposal(Proposal p, Bytes headerRlp, List<Bytes> txEncodings, List<Bytes> evidence) {
    return RLP.encodeList(w -> {
      w.writeInt(KIND_PROPOSAL);
      w.writeLong(p.height().value());
      w.writeInt(p.round().value());
      w.writeValue(p.value().bytes());
      w.writeLong(p.validRound().value() + 1L);
      w.writeValue(p.proposer().bytes());
      w.writeValue(SignatureBytes.encode(p.signature()));
      w.writeValue(headerRlp);
      w.writeList(txEncodings, (lw, tx) -> lw.writeValue(tx));
      w.writeList(evidence, (lw, e) -> lw.writeValue(e));
    });
  }

  public Bytes encodeVote(Vote v) {
    return RLP.encodeList(w -> {
      w.writeInt(KIND_VOTE);
      w.writeInt(v.type() == VoteType.PREVOTE ? 1 : 2);
      w.writeLong(v.height().value());
      w.writeInt(v.round().value());
      w.writeValue(v.value().map(h -> (Bytes) h.bytes()).orElse(Bytes.EMPTY));
      w.writeValue(v.validator().bytes());
      w.writeValue(SignatureBytes.encode(v.signature()));
    });
  }

  /**
   * The signed part of a proposal (height, round, value, validRound, proposer, signature), read with the same strict
   * field rules as {@link #decode} but without touching its block: so a copy of a proposal already received is
   * dropped, and one its named proposer did not sign is refused, before any of its transactions is decoded or its
   * senders recovered (consensus.md §10 "Relay", §9 "Checks before decoding"). Empty for votes and for bytes
   * that are not a proposal's leading fields; {@link #decode} then says what is wrong with them.
   */
  public Optional<Proposal> peekProposal(Bytes raw) {
    if (raw == null || raw.isEmpty() || raw.size() > maxMessageBytes) {
      return Optional.empty();
    }
    try {
      return RLP.decodeList(raw, r -> {
        Fields f = new Fields(r, "message");
        if (f.u63("kind") != KIND_PROPOSAL) {
          return Optional.<Proposal>empty();
        }
        return Optional.of(readSignedProposal(new Fields(r, "proposal")));
      });
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Decodes on the calling thread, recovering every sender there (tests, small messages). */
  public DecodeOutcome<ConsensusMessage> decode(Bytes raw) {
    return decode(raw, Runnable::run, KnownTransactions.NONE);
  }

  /**
   * Decodes {@code raw}; a proposal's senders are recovered in parallel on {@code recovery}
   * ({@link TransactionDecoder#decodeAll}, as block sync does), except for transactions {@code known}
   * holds with the same encoding (the pool: recovered already when gossip brought them). The shape
   * and the canonical encoding are checked first, so no signature work is spent on malformed bytes.
   */
  public DecodeOutcome<ConsensusMessage> decode(Bytes raw, Executor recovery, KnownTransactions known) {
    if (raw == null || raw.isEmpty()) {
      return new DecodeOutcome.Failed<>(CodecError.MALFORMED, "empty message");
    }
    if (raw.size() > maxMessageBytes) {
      return new DecodeOutcome.Failed<>(CodecError.TOO_LARGE, raw.size() + " bytes > " + maxMessageBytes);
    }
    try {
      Parsed m = RLP.decode(raw, top -> {
        if (!top.nextIsList()) {
          throw Fields.malformed("a message must be an RLP list");
        }
        Parsed msg = top.readList(this::readMessage);
        if (!top.isComplete()) {
          throw Fields.malformed("trailing bytes after the message");
        }
        return msg;
      });
      if (m instanceof ParsedVote v) {
        if (raw.size() > MAX_VOTE_BYTES) {
          return new DecodeOutcome.Failed<>(CodecError.TOO_LARGE, "a vote of " + raw.size() + " bytes");
        }
        if (!sameBytes(encodeVote(v.message().vote()), raw)) {
          return new DecodeOutcome.Failed<>(CodecError.MALFORMED, "not the canonical encoding");
        }
        return new DecodeOutcome.Ok<>(v.message());
      }
      ParsedProposal pp = (ParsedProposal) m;
      if (!sameBytes(encodeProposal(pp.proposal(), pp.header().encoded(), pp.txEncodings(), pp.evidence()), raw)) {
        return new DecodeOutcome.Failed<>(CodecError.MALFORMED, "not the canonical encoding");
      }
      List<DecodeResult> decoded = txDecoder.decodeAll(pp.txEncodings(), recovery, known);
      List<Transaction> txs = new ArrayList<>(decoded.size());
      for (int i = 0; i < decoded.size(); i++) {
        DecodeResult d = decoded.get(i);
        if (!d.isOk()) {
          return new DecodeOutcome.Failed<>(CodecError.INVALID_TRANSACTION, "transaction " + i + ": " + d.errorMessage());
        }
        txs.add(d.transaction().orElseThrow());
      }
      return new DecodeOutcome.Ok<>(new ConsensusMessage.ProposalMessage(pp.proposal(), new Block(pp.header(), txs, pp.evidence())));
    } catch (CodecException e) {
      return new DecodeOutcome.Failed<>(e.error, e.getMessage());
    } catch (RuntimeException e) {
      // Trust boundary: whatever the RLP library (or a constructor) throws on hostile bytes.
      return new DecodeOutcome.Failed<>(CodecError.MALFORMED, "undecodable: " + e);
    }
  }

  /**
   * Flat array comparison. The RLP writer returns concatenated Bytes whose {@code get(i)} walks its
   * segments, so {@code Bytes.equals} on a 4,000-transaction proposal costs segments × bytes: seconds
   * of CPU per proposal on the decoding thread (seen in a jstack of a halted 4-validator run).
   */
  private static boolean sameBytes(Bytes encoded, Bytes raw) {
    return Arrays.equals(encoded.toArrayUnsafe(), raw.toArrayUnsafe());
  }

  /** A message after the RLP pass: a vote, or a proposal whose transactions are still encodings. */
  private sealed interface Parsed permits ParsedVote, ParsedProposal {}

  private record ParsedVote(ConsensusMessage.VoteMessage message) implements Parsed {}

  private record ParsedProposal(Proposal proposal, BlockHeader header, List<Bytes> txEncodings, List<Bytes> evidence)
      implements Parsed {}

  private Parsed readMessage(RLPReader r) {
    Fields f = new Fields(r, "message");
    long kind = f.u63("kind");
    if (kind == KIND_VOTE) {
      return new ParsedVote(new ConsensusMessage.VoteMessage(readVote(new Fields(r, "vote"))));
    }
    if (kind == KIND_PROPOSAL) {
      return readProposal(new Fields(r, "proposal"));
    }
    throw new CodecException(CodecError.UNKNOWN_KIND, "message kind " + kind);
  }

  private static Vote readVote(Fields f) {
    long type = f.u63("type");
    if (type != 1 && type != 2) {
      throw Fields.invalid("vote type " + type);
    }
    Vote v = new Vote(type == 1 ? VoteType.PREVOTE : VoteType.PRECOMMIT, f.height("height"), f.round("round"),
        f.optionalHash("value"), f.address("validator"), f.signature("signature"));
    f.end();
    return v;
  }

  private static Proposal readSignedProposal(Fields f) {
    Height height = f.height("height");
    Round round = f.round("round");
    Hash value = f.hash("value");
    Round validRound = f.roundOrNil("validRound");
    return new Proposal(height, round, value, validRound, f.address("proposer"), f.signature("signature"));
  }

  private ParsedProposal readProposal(Fields f) {
    Proposal p = readSignedProposal(f);
    Height height = p.height();
    Hash value = p.value();
    Bytes headerRlp = f.bytes("header");
    List<Bytes> encodings = f.list("transactions", list -> {
      List<Bytes> out = new ArrayList<>();
      Fields txs = new Fields(list, "transactions");
      while (!list.isComplete()) {
        if (out.size() >= MAX_TRANSACTIONS) {
          throw new CodecException(CodecError.TOO_LARGE, "more than " + MAX_TRANSACTIONS + " transactions");
        }
        out.add(txs.bytes("[" + out.size() + "]"));
      }
      return out;
    });
    List<Bytes> evidence = f.list("evidence", list -> {
      List<Bytes> out = new ArrayList<>();
      Fields items = new Fields(list, "evidence");
      while (!list.isComplete()) {
        if (out.size() >= MAX_EVIDENCE) {
          throw new CodecException(CodecError.TOO_LARGE, "more than " + MAX_EVIDENCE + " evidence items");
        }
        out.add(items.bytes("[" + out.size() + "]"));
      }
      return out;
    });
    f.end();
    BlockHeader header;
    try {
      header = BlockHeader.decode(headerRlp);
    } catch (RuntimeException e) {
      throw Fields.malformed("header: " + e.getMessage());
    }
    if (!header.encoded().equals(headerRlp)) {
      throw Fields.malformed("header is not canonically encoded");
    }
    if (header.number() != height.value()) {
      throw new CodecException(CodecError.BLOCK_MISMATCH, "block #" + header.number() + " proposed for height " + height);
    }
    if (!header.hash().equals(value)) {
      throw new CodecException(CodecError.BLOCK_MISMATCH, "block " + header.hash() + " is not the proposed " + value);
    }
    return new ParsedProposal(p, header, encodings, evidence);
  }
}
