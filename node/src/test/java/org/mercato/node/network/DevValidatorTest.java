package org.mercato.node.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.engine.CommitCheck;
import org.mercato.consensus.engine.CommitVerifier;
import org.mercato.consensus.privval.CorruptLockRecordException;
import org.mercato.consensus.privval.FileLockRecordStore;
import org.mercato.genesis.DevGenesis;
import org.mercato.genesis.GenesisFile;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.MercatoNode;
import org.mercato.node.config.NodeConfig;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;

/** The dev node's one-validator BFT engine: blocks carry the dev validator's commit, also across a restart. */
class DevValidatorTest {
  private static final Secp256k1 CURVE = Secp256k1s.best();

  @Test
  void blocksCarryTheDevValidatorsCommitAcrossARestart(@TempDir Path dir) throws Exception {
    DevChain c = new DevChain(dir);

    try (MercatoNode node = started(c.node())) {
      assertEquals(0, node.chain().head().number(), "the first block waits one block time");
      assertEquals(1, node.produceBlockNow().block().number());
      assertEquals(2, node.produceBlockNow().block().number());
    }
    assertTrue(Files.exists(dir.resolve("priv_validator_state.bin")));
    assertTrue(Files.exists(dir.resolve(SeenCommitFile.FILE_NAME)));
    try (MercatoNode node = started(c.node())) {
      assertEquals(2, node.chain().head().number());
      assertEquals(3, node.produceBlockNow().block().number());
      CommitVerifier verifier = new CommitVerifier(ValidatorNetwork.chainIdOf(c.genesis.toChainParameters().chainId()), CURVE);
      BlockHeader first = node.chain().store().header(1).orElseThrow();
      assertInstanceOf(CommitCheck.NotRequired.class, verifier.verifyLastCommit(first, c.set));
      for (long n = 2; n <= 3; n++) {
        BlockHeader h = node.chain().store().header(n).orElseThrow();
        assertInstanceOf(CommitCheck.Valid.class, verifier.verifyLastCommit(h, c.set), "block " + n);
      }
    }
  }

  /**
   * A crash after the validator signed its precommit for the next height but before the block was
   * committed: on restart it must not sign anything else in that round, and must still move on
   * (the refused votes start their step's timeout) and commit the height in a later round.
   */
  @Test
  void aCrashBetweenPrecommitAndCommitDoesNotStallTheChain(@TempDir Path dir) throws Exception {
    DevChain c = new DevChain(dir);
    try (MercatoNode node = started(c.node())) {
      assertEquals(1, node.produceBlockNow().block().number());
    }
    // What the crashed process had signed for height 2, round 0: a prevote and a precommit for a
    // block that never reached the disk.
    org.mercato.state.types.Hash lost = org.mercato.state.types.Hash.fromHex(
        "0x1111111111111111111111111111111111111111111111111111111111111111");
    org.mercato.consensus.privval.GuardedSigner signer = new org.mercato.consensus.privval.GuardedSigner(
        new org.mercato.consensus.bft.types.ConsensusSigner(
            ValidatorNetwork.chainIdOf(c.genesis.toChainParameters().chainId()), c.key.keyPair(), CURVE),
        new org.mercato.consensus.privval.FileSigningRecordStore(dir.resolve("priv_validator_state.bin")));
    for (org.mercato.consensus.bft.types.VoteType t : org.mercato.consensus.bft.types.VoteType.values()) {
      assertInstanceOf(org.mercato.consensus.bft.types.SignResult.Signed.class,
          signer.signVote(t, org.mercato.consensus.bft.types.Height.of(2), org.mercato.consensus.bft.types.Round.ZERO,
              Optional.of(lost)));
    }
    try (MercatoNode node = started(c.node())) {
      assertEquals(1, node.chain().head().number());
      assertEquals(2, node.produceBlockNow().block().number(), "height 2 is decided in a later round");
      assertEquals(3, node.produceBlockNow().block().number());
    }
  }

  /** A damaged lock record stops the node when it starts (docs/spec/consensus.md §8.1): a lock is never dropped silently. */
  @Test
  void aDamagedLockRecordStopsTheNodeAtStart(@TempDir Path dir) throws Exception {
    DevChain c = new DevChain(dir);
    try (MercatoNode node = started(c.node())) {
      assertEquals(1, node.produceBlockNow().block().number());
    }
    Path lock = dir.resolve(FileLockRecordStore.FILE_NAME);
    assertTrue(Files.exists(lock), "the validator locked on its block before precommitting it");
    byte[] bytes = Files.readAllBytes(lock);
    bytes[bytes.length - 1] ^= 1;
    Files.write(lock, bytes);
    CorruptLockRecordException e = assertThrows(CorruptLockRecordException.class, c::node);
    assertTrue(e.getMessage().contains(FileLockRecordStore.FILE_NAME), e.getMessage());
  }

  /** A dev genesis with a fresh validator, and a node config on {@code dir} whose blocks come only on demand. */
  private static final class DevChain {
    final ValidatorKey key = ValidatorKey.generate(new SecureRandom(), CURVE);
    final GenesisFile genesis;
    final ValidatorSet set;
    final NodeConfig config;

    DevChain(Path dir) {
      DevGenesis.Options options = DevGenesis.Options.defaults(System.currentTimeMillis() / 1000);
      genesis = DevGenesis.create(options, DevGenesis.accounts(options), key);
      set = GenesisValidators.of(genesis);
      config = NodeConfig.defaults().withDataDir(Optional.of(dir)).withRpc("127.0.0.1", 0)
          .withBlockTime(Duration.ofHours(1)).withMetrics(NodeConfig.defaults().metrics().withPort(0));
    }

    MercatoNode node() {
      return new MercatoNode(genesis.toChainParameters(), config, new MercatoNode.DevSettings(key.keyPair(), set), CURVE,
          List.of(), Clock.systemUTC());
    }
  }

  private static MercatoNode started(MercatoNode node) {
    node.start();
    return node;
  }
}
