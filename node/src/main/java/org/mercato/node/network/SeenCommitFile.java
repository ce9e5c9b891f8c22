package org.mercato.node.network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.SignBytes;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.codec.CommitCodec;
import org.mercato.consensus.codec.DecodeOutcome;
import org.mercato.consensus.engine.CommitVerifier;
import org.mercato.consensus.engine.ValidatorSets;
import org.mercato.consensus.privval.GuardedSigner;
import org.mercato.consensus.privval.SignStep;
import org.mercato.consensus.privval.SigningRecord;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.storage.AtomicFile;
import org.mercato.state.types.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit of the head block, kept in {@code DATA/seen_commit.rlp} so a restarted proposer can
 * build its next block (its {@code lastCommit}). Written on every decision (tmp + fsync + rename);
 * read on start and verified against the head. Without a usable file (crash between commit and
 * write) a single validator rebuilds it from its signing record: its own precommit for the head is a
 * quorum alone. Shared by the validator network and the dev node.
 */
public final class SeenCommitFile {
  private static final Logger LOG = LoggerFactory.getLogger(SeenCommitFile.class);
  public static final String FILE_NAME = "seen_commit.rlp";

  private final AtomicFile file;
  private final Blockchain chain;
  private final ValidatorSets sets;
  private final CommitVerifier verifier;
  private final GuardedSigner signer;

  public SeenCommitFile(Path dataDir, Blockchain chain, ValidatorSets sets, CommitVerifier verifier, GuardedSigner signer) {
    this.file = new AtomicFile(dataDir.resolve(FILE_NAME));
    this.chain = chain;
    this.sets = sets;
    this.verifier = verifier;
    this.signer = signer;
  }

  /** Saves {@code commit} as the head's; a failure is logged (the signing record is the fallback). */
  public void write(Commit commit) {
    try {
      file.write(CommitCodec.encode(commit).toArrayUnsafe());
    } catch (IOException e) {
      LOG.warn("Could not save the seen commit of block #{}: {}", commit.height(), e.toString());
    }
  }

  /** The commit of the head block, from the file or (one validator) rebuilt from our last precommit. */
  public Optional<Commit> read() {
    long head = chain.head().number();
    if (head < 1) {
      return Optional.empty();
    }
    Hash headHash = chain.headHash();
    ValidatorSet set = sets.validatorsAt(Height.of(head));
    try {
      Optional<byte[]> raw = file.read(); // absent: first start, or a node that never decided a block itself
      if (raw.isPresent()) {
        DecodeOutcome<Commit> d = CommitCodec.decode(Bytes.wrap(raw.get()));
        if (d instanceof DecodeOutcome.Failed<Commit> f) {
          LOG.warn("{} does not decode: {}", file.path(), f.detail());
        } else {
          Commit c = d.orElseThrow();
          if (verifier.verify(c, Height.of(head), headHash, set).isValid()) {
            return Optional.of(c);
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot read {}: {}", file.path(), e.toString());
    }
    Optional<SigningRecord> last = signer.lastSigned();
    if (last.isPresent() && last.get().step() == SignStep.PRECOMMIT && last.get().height() == head) {
      SigningRecord r = last.get();
      Round round = Round.of(r.round());
      Optional<Hash> value = Optional.of(headHash);
      if (Keccak.hash(SignBytes.vote(signer.chainId(), VoteType.PRECOMMIT, Height.of(head), round, value)).equals(r.signBytesHash())) {
        Commit c = new Commit(Height.of(head), round, headHash,
            List.of(new Vote(VoteType.PRECOMMIT, Height.of(head), round, value, signer.address(), r.signature())));
        if (verifier.verify(c, Height.of(head), headHash, set).isValid()) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }
}
