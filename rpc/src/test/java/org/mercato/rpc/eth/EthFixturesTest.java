package org.mercato.rpc.eth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mercato.rpc.testing.EthTestNode;
import org.mercato.rpc.testing.JsonFixtures;

/**
 * Each fixture in fixtures/eth is {"request":..,"response":..} run through the processor of a node
 * holding {@link EthTestNode#mineStandardChain()}: head 3; block 1 moves 1 coin from dev account 0
 * to 1 and adds 5 to the counter, block 2 adds 7 (from account 2), block 3 is empty. Five accounts
 * hold 1000 coins at genesis. Every expected value is derivable by hand from that (selectors and the
 * revert payload are keccak/ABI constants).
 */
class EthFixturesTest {
  private static EthTestNode node;

  @BeforeAll
  static void start() {
    node = new EthTestNode();
    node.mineStandardChain();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static Stream<Path> fixtures() {
    return JsonFixtures.in("/fixtures/eth");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixture(Path file) throws IOException {
    JsonFixtures.check(file, node::process);
  }
}
