package org.mercato.p2p.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.block.Block;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ChainParameters;
import org.mercato.state.chain.CommitDefect;
import org.mercato.state.chain.CommitVerification;
import org.mercato.state.chain.CommitVerifier;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/** Chains with transactions and stand-in consensus commits for the sync and gossip tests. */
public final class Chains {
  public static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  public static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000000cc");
  public static final Wei CAP = Wei.of(50_000_000_000L);
  private static final Bytes MARK = Bytes.wrap("commit:".getBytes(StandardCharsets.US_ASCII));

  private Chains() {}

  public static ChainParameters params() {
    return TestChain.params(30_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(10, 1_000));
  }

  /** The stand-in commit for a block: "commit:" ‖ its hash. Real consensus puts +2/3 precommits here. */
  public static Bytes commitFor(Hash blockHash) {
    return Bytes.concatenate(MARK, blockHash.bytes());
  }

  public static Transaction transfer(KeyPair from, long nonce, long value) {
    return TestChain.transfer(from, nonce, Wei.of(1_000_000_000L), CAP, SINK, Wei.of(value));
  }

  /**
   * Appends {@code blocks} blocks, block i carrying {@code i % 4} transfers from rotating dev keys and
   * the stand-in commit of its parent in lastCommit.
   */
  public static void produce(TestChain tc, int blocks) {
    Blockchain chain = tc.chain();
    for (int i = 0; i < blocks; i++) {
      long number = chain.head().number() + 1;
      List<Transaction> txs = new ArrayList<>();
      for (int t = 0; t < number % 4; t++) {
        KeyPair k = TestChain.KEYS.get((int) ((number + t) % 10));
        txs.add(transfer(k, tc.nonce(k.address()) + 0, number * 10 + t));
      }
      // one transfer per sender per block keeps nonces simple
      List<Transaction> distinct = txs.stream().filter(distinctSender()).toList();
      Bytes lastCommit = number == 1 ? Bytes.EMPTY : commitFor(chain.headHash());
      ExecutedBlock b = chain.propose(1_000 + number, PROPOSER, lastCommit, distinct);
      if (b.block().transactions().size() != distinct.size()) {
        throw new AssertionError("skipped: " + b.execution().skipped());
      }
      chain.commit(b);
    }
  }

  private static java.util.function.Predicate<Transaction> distinctSender() {
    Set<Address> seen = ConcurrentHashMap.newKeySet();
    return tx -> seen.add(tx.sender());
  }

  /** Copies {@code from}'s blocks above {@code to}'s head into {@code to} (validate + commit). */
  public static void copy(TestChain from, TestChain to) {
    for (long n = to.chain().head().number() + 1; n <= from.chain().head().number(); n++) {
      Hash h = from.chain().store().canonicalHash(n).orElseThrow();
      Block b = from.chain().store().block(h).orElseThrow();
      to.accept(b);
    }
  }

  /** Accepts a commit iff it is the stand-in commit of the header, except at the given heights. */
  public static final class MarkerVerifier implements CommitVerifier {
    private final Set<Long> reject;
    public final List<Long> verified = new CopyOnWriteArrayList<>();

    public MarkerVerifier(Set<Long> rejectHeights) {
      this.reject = Set.copyOf(rejectHeights);
    }

    @Override
    public CommitVerification verify(BlockHeader header, Bytes commit) {
      if (reject.contains(header.number())) {
        return CommitVerification.invalid(CommitDefect.INSUFFICIENT_VOTING_POWER, "test rejects #" + header.number());
      }
      if (!commit.equals(commitFor(header.hash()))) {
        return CommitVerification.invalid(CommitDefect.WRONG_BLOCK, "not the commit of " + header.hash());
      }
      verified.add(header.number());
      return CommitVerification.valid();
    }
  }
}
