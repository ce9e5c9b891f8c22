package org.mercato.rpc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.mercato.rpc.jsonrpc.RpcJson;

/** Request/response fixtures: each JSON file is {"request": ..., "response": ...}, as Besu's by-spec tests. */
public final class JsonFixtures {
  private JsonFixtures() {}

  /** The fixture files under a test-resource folder, sorted by name. */
  public static Stream<Path> in(String resourceDir) {
    try {
      Path dir = Path.of(JsonFixtures.class.getResource(resourceDir).toURI());
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      }
      return files.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends the fixture's request through {@code rpc} and asserts the exact expected response. */
  public static void check(Path file, Function<String, JsonNode> rpc) throws IOException {
    JsonNode fixture = RpcJson.mapper().readTree(file.toFile());
    JsonNode actual = rpc.apply(RpcJson.mapper().writeValueAsString(fixture.get("request")));
    assertEquals(fixture.get("response"), actual, file.getFileName().toString());
  }
}
