package org.mercato.consensus.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * A {@link Commit} as it goes into the next block's {@code lastCommit} header field
 * (docs/spec/consensus.md §9): {@code rlp([height, round, blockHash:32, [[validator:20, sig:65]...]])},
 * signatures in strictly ascending validator order (so the encoding is unique). Every entry is a
 * PRECOMMIT for (height, round, blockHash). Signatures are not verified here: see {@code CommitVerifier}.
 */
public final class CommitCodec {
  /** More signatures than this is not a commit of any validator set we accept. */
  public static final int MAX_SIGNATURES = 10_000;
  public static final int MAX_BYTES = 64 + MAX_SIGNATURES * 100;

  private CommitCodec() {}

  public static Bytes encode(Commit c) {
    return RLP.encodeList(w -> {
      w.writeLong(c.height().value());
      w.writeInt(c.round().value());
      w.writeValue(c.value().bytes());
      w.writeList(c.precommits(), (lw, v) -> lw.writeList(e -> {
        e.writeValue(v.validator().bytes());
        e.writeValue(SignatureBytes.encode(v.signature()));
      }));
    });
  }

  public static DecodeOutcome<Commit> decode(Bytes raw) {
    if (raw == null || raw.isEmpty()) {
      return new DecodeOutcome.Failed<>(CodecError.MALFORMED, "empty commit");
    }
    if (raw.size() > MAX_BYTES) {
      return new DecodeOutcome.Failed<>(CodecError.TOO_LARGE, raw.size() + " bytes > " + MAX_BYTES);
    }
    try {
      Commit c = RLP.decode(raw, top -> {
        if (!top.nextIsList()) {
          throw Fields.malformed("a commit must be an RLP list");
        }
        Commit commit = top.readList(r -> {
          Fields f = new Fields(r, "commit");
          Height h = f.height("height");
          Round round = f.round("round");
          Hash value = f.hash("blockHash");
          List<Vote> votes = f.list("signatures", list -> {
            List<Vote> out = new ArrayList<>();
            Address previous = null;
            while (!list.isComplete()) {
              if (out.size() >= MAX_SIGNATURES) {
                throw new CodecException(CodecError.TOO_LARGE, "more than " + MAX_SIGNATURES + " signatures");
              }
              String name = "signatures[" + out.size() + "]";
              Vote v = new Fields(list, "commit").list(name, e -> {
                Fields ef = new Fields(e, name);
                Vote vote = new Vote(VoteType.PRECOMMIT, h, round, Optional.of(value), ef.address("validator"),
                    ef.signature("signature"));
                ef.end();
                return vote;
              });
              if (previous != null && previous.compareTo(v.validator()) >= 0) {
                throw Fields.malformed("commit signatures are not in strictly ascending validator order");
              }
              previous = v.validator();
              out.add(v);
            }
            return out;
          });
          f.end();
          if (votes.isEmpty()) {
            throw Fields.invalid("a commit needs at least one signature");
          }
          return new Commit(h, round, value, votes);
        });
        if (!top.isComplete()) {
          throw Fields.malformed("trailing bytes after the commit");
        }
        return commit;
      });
      if (!encode(c).equals(raw)) {
        return new DecodeOutcome.Failed<>(CodecError.MALFORMED, "not the canonical encoding");
      }
      return new DecodeOutcome.Ok<>(c);
    } catch (CodecException e) {
      return new DecodeOutcome.Failed<>(e.error, e.getMessage());
    } catch (RuntimeException e) {
      return new DecodeOutcome.Failed<>(CodecError.MALFORMED, "undecodable: " + e);
    }
  }
}
