package org.mercato.p2p;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * p2p builds on state only (docs/architecture.md): it carries bytes and never imports consensus,
 * market, rpc, genesis or node. Its own packages form layers: crypto, then peer, wire, handshake,
 * transport, then the channel owners gossip and sync; a lower layer never imports a higher one.
 */
class ImportsTest {
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(org\\.mercato\\.[a-z0-9]+(?:\\.[a-z0-9]+)?)", Pattern.MULTILINE);
  private static final List<String> LAYERS = List.of("crypto", "peer", "wire", "handshake", "transport", "gossip", "sync");

  @Test
  void p2pImportsOnlyStateAndItsOwnLowerLayers() throws IOException {
    Path root = Path.of("src").toAbsolutePath();
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
        String text = Files.readString(f);
        String own = ownLayer(root.relativize(f).toString());
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
          String target = m.group(1);
          if (target.startsWith("org.mercato.state")) {
            continue;
          }
          if (!target.startsWith("org.mercato.p2p")) {
            violations.add(f.getFileName() + " imports " + target);
            continue;
          }
          String layer = target.substring("org.mercato.p2p.".length());
          if (own != null && LAYERS.indexOf(layer) > LAYERS.indexOf(own)) {
            violations.add(f.getFileName() + " (" + own + ") imports the higher layer " + layer);
          }
        }
      }
    }
    assertTrue(violations.isEmpty(), "forbidden imports: " + violations);
  }

  private static String ownLayer(String relative) {
    for (String l : LAYERS) {
      if (relative.replace('\\', '/').contains("/org/mercato/p2p/" + l + "/")) {
        return l;
      }
    }
    return null;
  }
}
