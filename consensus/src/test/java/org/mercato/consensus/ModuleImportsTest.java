package org.mercato.consensus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * consensus builds on state only (docs/architecture.md), and the BFT core is pure: no threads,
 * clocks, sockets or logging in org.mercato.consensus.bft.
 */
class ModuleImportsTest {
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
  private static final Set<String> ALLOWED_MODULES = Set.of("consensus", "state");

  @Test
  void importsOnlyStateAmongMercatoModules() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path f : javaFiles(Path.of("src"))) {
      Matcher m = IMPORT.matcher(Files.readString(f));
      while (m.find()) {
        String imp = m.group(1);
        if (imp.startsWith("org.mercato.") && !ALLOWED_MODULES.contains(imp.split("\\.")[2])) {
          violations.add(f + ": " + imp);
        }
      }
    }
    assertTrue(violations.isEmpty(), "forbidden imports: " + violations);
  }

  @Test
  void bftCoreHasNoThreadsClocksOrIo() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path f : javaFiles(Path.of("src/main/java/org/mercato/consensus/bft"))) {
      String src = Files.readString(f);
      Matcher m = IMPORT.matcher(src);
      while (m.find()) {
        String imp = m.group(1);
        if (imp.startsWith("java.util.concurrent") || imp.startsWith("java.time.Clock") || imp.startsWith("java.time.Instant")
            || imp.startsWith("java.net") || imp.startsWith("java.io") || imp.startsWith("java.nio.file")
            || imp.startsWith("org.slf4j") || imp.startsWith("io.netty")) {
          violations.add(f + ": " + imp);
        }
      }
      for (String banned : List.of("System.currentTimeMillis", "System.nanoTime", "Thread.sleep", "new Random(", "new SecureRandom(")) {
        if (src.contains(banned)) {
          violations.add(f + ": " + banned);
        }
      }
    }
    assertTrue(violations.isEmpty(), "the BFT core must stay pure: " + violations);
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
