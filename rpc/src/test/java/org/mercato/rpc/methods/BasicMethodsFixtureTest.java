package org.mercato.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mercato.rpc.jsonrpc.JsonRpcProcessor;
import org.mercato.rpc.jsonrpc.MethodRegistry;
import org.mercato.rpc.server.JsonRpcServer;
import org.mercato.rpc.server.RpcServerConfig;
import org.mercato.rpc.testing.JsonFixtures;
import org.mercato.rpc.testing.RpcTestSupport;

/** Each fixture in fixtures/basic is {"request":..,"response":..}, posted to a real server as is. */
class BasicMethodsFixtureTest {
  private static JsonRpcServer server;

  @BeforeAll
  static void start() {
    JsonRpcProcessor processor = new JsonRpcProcessor(new MethodRegistry(BasicMethods.create("Mercato/v0.1.0-test/java17", 1337, () -> 3)));
    server = new JsonRpcServer(RpcServerConfig.defaults().withPort(0), processor);
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static Stream<Path> fixtures() {
    return JsonFixtures.in("/fixtures/basic");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixture(Path file) throws IOException {
    JsonFixtures.check(file, body -> RpcTestSupport.rpc(server.httpUri(), body));
  }

  @Test
  void peerCountIsReadAtEachCall() throws Exception {
    int[] peers = {0};
    NetPeerCount method = new NetPeerCount(() -> peers[0]);
    assertEquals("0x0", method.execute(org.mercato.rpc.jsonrpc.JsonRpcRequest.of("net_peerCount")));
    peers[0] = 25;
    assertEquals("0x19", method.execute(org.mercato.rpc.jsonrpc.JsonRpcRequest.of("net_peerCount")));
  }
}
