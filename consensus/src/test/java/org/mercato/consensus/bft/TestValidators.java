package org.mercato.consensus.bft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.mercato.consensus.bft.proposer.ProposerPriorities;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Validator;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.types.Hash;

/**
 * Deterministic validators for tests: key i is keccak("mercato-bft-test-" + i); validator i is the
 * i-th lowest address and gets {@code powers[i]}.
 */
public final class TestValidators {
  public static final ChainId CHAIN = new ChainId("mercato-test");
  public static final Secp256k1 CURVE = Secp256k1s.best();
  public static final Height H1 = Height.of(1);

  public final List<KeyPair> keys;
  public final ValidatorSet set;
  public final ProposerPriorities priorities;

  private TestValidators(List<KeyPair> keys, ValidatorSet set) {
    this.keys = keys;
    this.set = set;
    this.priorities = ProposerPriorities.genesis(set);
  }

  public static TestValidators withPowers(long... powers) {
    List<KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      keys.add(key(i));
    }
    keys.sort(Comparator.comparing(KeyPair::address));
    List<Validator> vals = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      vals.add(new Validator(keys.get(i).address(), keys.get(i).publicKey(), powers[i]));
    }
    return new TestValidators(List.copyOf(keys), ValidatorSet.of(vals));
  }

  public static KeyPair key(int seed) {
    Hash h = Keccak.hash(("mercato-bft-test-" + seed).getBytes(StandardCharsets.US_ASCII));
    return KeyPair.of(PrivateKey.of(h.bytes()), CURVE);
  }

  public static Hash value(String name) {
    return Keccak.hash(("block-" + name).getBytes(StandardCharsets.US_ASCII));
  }

  public ConsensusSigner signer(int i) {
    return new ConsensusSigner(CHAIN, keys.get(i), CURVE);
  }

  public Validator validator(int i) {
    return set.get(i);
  }

  /** Index of proposer(h, r) where the height's priorities are {@code p}. */
  public int proposerIndex(ProposerPriorities p, int round) {
    return set.indexOf(p.proposer(Round.of(round)).address());
  }

  public int proposerIndex(int round) {
    return proposerIndex(priorities, round);
  }

  public Vote prevote(int i, Height h, int round, Hash value) {
    return signer(i).vote(VoteType.PREVOTE, h, Round.of(round), Optional.ofNullable(value));
  }

  public Vote precommit(int i, Height h, int round, Hash value) {
    return signer(i).vote(VoteType.PRECOMMIT, h, Round.of(round), Optional.ofNullable(value));
  }

  public Proposal proposal(int i, Height h, int round, Hash value, int validRound) {
    return signer(i).proposal(h, Round.of(round), value, Round.of(validRound));
  }
}
