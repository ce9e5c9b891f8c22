package org.mercato.consensus.codec;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * The canonical form of an evidence item in a block body (docs/spec/consensus.md §11), RLP:
 * <pre>
 * duplicate vote: rlp([1, type (1 prevote, 2 precommit), height, round, validator:20,
 *                      valueA:32 or empty (nil), sigA:65, valueB:32 or empty, sigB:65])
 * </pre>
 * A is the lower value (nil first, then hash bytes), so one equivocation has one encoding. Decoding
 * is strict (re-encoding gives the input back) and never throws. Signatures are not checked here:
 * the evidence pool verifies them against the validator set of the evidence's height.
 */
public final class EvidenceCodec {
  public static final int KIND_DUPLICATE_VOTE = 1;
  /** An item is about 200 bytes; anything larger is not evidence. */
  public static final int MAX_EVIDENCE_BYTES = 512;

  private EvidenceCodec() {}

  public static Bytes encode(DuplicateVoteEvidence e) {
    Vote a = e.voteA();
    Vote b = e.voteB();
    return RLP.encodeList(w -> {
      w.writeInt(KIND_DUPLICATE_VOTE);
      w.writeInt(a.type() == VoteType.PREVOTE ? 1 : 2);
      w.writeLong(a.height().value());
      w.writeInt(a.round().value());
      w.writeValue(a.validator().bytes());
      w.writeValue(a.value().map(h -> (Bytes) h.bytes()).orElse(Bytes.EMPTY));
      w.writeValue(SignatureBytes.encode(a.signature()));
      w.writeValue(b.value().map(h -> (Bytes) h.bytes()).orElse(Bytes.EMPTY));
      w.writeValue(SignatureBytes.encode(b.signature()));
    });
  }

  public static DecodeOutcome<DuplicateVoteEvidence> decode(Bytes raw) {
    if (raw == null || raw.isEmpty()) {
      return new DecodeOutcome.Failed<>(CodecError.MALFORMED, "empty evidence");
    }
    if (raw.size() > MAX_EVIDENCE_BYTES) {
      return new DecodeOutcome.Failed<>(CodecError.TOO_LARGE, raw.size() + " bytes > " + MAX_EVIDENCE_BYTES);
    }
    try {
      DuplicateVoteEvidence e = RLP.decode(raw, top -> {
        if (!top.nextIsList()) {
          throw Fields.malformed("evidence must be an RLP list");
        }
        DuplicateVoteEvidence ev = top.readList(r -> {
          Fields f = new Fields(r, "evidence");
          long kind = f.u63("kind");
          if (kind != KIND_DUPLICATE_VOTE) {
            throw new CodecException(CodecError.UNKNOWN_KIND, "evidence kind " + kind);
          }
          long type = f.u63("type");
          if (type != 1 && type != 2) {
            throw Fields.invalid("vote type " + type);
          }
          VoteType t = type == 1 ? VoteType.PREVOTE : VoteType.PRECOMMIT;
          Height h = f.height("height");
          Round round = f.round("round");
          Address validator = f.address("validator");
          var valueA = f.optionalHash("valueA");
          Signature sigA = f.signature("signatureA");
          var valueB = f.optionalHash("valueB");
          Signature sigB = f.signature("signatureB");
          f.end();
          if (valueA.equals(valueB)) {
            throw Fields.invalid("both votes have the value " + valueA.map(Hash::toHex).orElse("nil"));
          }
          return new DuplicateVoteEvidence(new Vote(t, h, round, valueA, validator, sigA),
              new Vote(t, h, round, valueB, validator, sigB));
        });
        if (!top.isComplete()) {
          throw Fields.malformed("trailing bytes after the evidence");
        }
        return ev;
      });
      if (!encode(e).equals(raw)) {
        return new DecodeOutcome.Failed<>(CodecError.MALFORMED, "not the canonical encoding (votes out of order?)");
      }
      return new DecodeOutcome.Ok<>(e);
    } catch (CodecException e) {
      return new DecodeOutcome.Failed<>(e.error, e.getMessage());
    } catch (RuntimeException e) {
      return new DecodeOutcome.Failed<>(CodecError.MALFORMED, "undecodable: " + e);
    }
  }
}
