package org.mercato.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.node.testing.InProcessDevNode;

/** config.toml [rpc] allowed_hosts and cors_origins reach the node's RPC server (docs/rpc.md "Host check"). */
class RpcBrowserAccessTest {
  @TempDir Path home;

  private NodeConfig read(String toml) throws IOException {
    Path f = home.resolve(ConfigFile.FILE_NAME);
    Files.writeString(f, toml);
    return ConfigFile.read(f).toNodeConfig(home);
  }

  @Test
  void defaultsAreLocalhostAndAnyOriginAndTheTemplateSaysSo() throws IOException {
    assertEquals(List.of("localhost"), read(ConfigFile.TEMPLATE).rpcAllowedHosts());
    assertEquals(List.of("*"), read(ConfigFile.TEMPLATE).rpcCorsOrigins());
    assertEquals(NodeConfig.defaults().rpcAllowedHosts(), read("").rpcAllowedHosts());
    NodeConfig c = read("[rpc]\nallowed_hosts = [\"node.internal\", \"rpc.example\"]\ncors_origins = [\"https://app.example\"]\n");
    assertEquals(List.of("node.internal", "rpc.example"), c.rpcAllowedHosts());
    assertEquals(List.of("https://app.example"), c.rpcCorsOrigins());
  }

  @Test
  void aNodeAnswersOnlyTheHostNamesItIsConfiguredFor() throws IOException {
    try (InProcessDevNode node = new InProcessDevNode(Duration.ofSeconds(1), List.of(),
        c -> c.withRpcBrowserAccess(List.of("node.internal"), List.of("*")))) {
      URI uri = node.rpcUri();
      assertEquals(200, status(uri, "node.internal:" + uri.getPort()));
      assertEquals(200, status(uri, "127.0.0.1:" + uri.getPort()));
      assertEquals(403, status(uri, "localhost:" + uri.getPort()));
      assertEquals(403, status(uri, "attacker.example"));
    }
  }

  private static int status(URI uri, String host) throws IOException {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}";
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nConnection: close\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }
}
