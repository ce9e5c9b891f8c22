package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward (docs/architecture.md): the modules that build on state never reach
 * into each other, neither through their poms nor through an import.
 */
class ModuleBoundariesTest {
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "state", Set.of(),
      "market", Set.of("state"),
      "consensus", Set.of("state"),
      "p2p", Set.of("state"),
      "rpc", Set.of("state"),
      "genesis", Set.of("state"),
      "node", Set.of("state", "market", "consensus", "p2p", "rpc", "genesis"),
      "benchmarks", Set.of("node", "state", "market", "consensus", "p2p", "rpc", "genesis"));
  private static final Pattern POM_DEP = Pattern.compile("<artifactId>mercato-([a-z0-9]+)</artifactId>");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.mercato\\.([a-z0-9]+)\\.", Pattern.MULTILINE);

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.exists(p.resolve("node").resolve("pom.xml"))) {
      p = p.getParent();
    }
    return p;
  }

  @Test
  void everyModuleIsKnown() throws IOException {
    String parent = Files.readString(root().resolve("pom.xml"));
    Matcher m = Pattern.compile("<module>([a-z0-9]+)</module>").matcher(parent);
    Set<String> modules = new TreeSet<>();
    while (m.find()) {
      modules.add(m.group(1));
    }
    assertEquals(new TreeSet<>(ALLOWED.keySet()), modules);
  }

  @Test
  void pomDependenciesPointInward() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String module : ALLOWED.keySet()) {
      String pom = Files.readString(root().resolve(module).resolve("pom.xml"));
      String deps = pom.substring(pom.indexOf("<dependencies>") < 0 ? 0 : pom.indexOf("<dependencies>"));
      Matcher m = POM_DEP.matcher(deps);
      while (m.find()) {
        String target = m.group(1);
        if (!target.equals(module) && !ALLOWED.get(module).contains(target)) {
          violations.add(module + " -> " + target + " (pom)");
        }
      }
    }
    assertTrue(violations.isEmpty(), "forbidden module edges: " + violations);
  }

  @Test
  void importsPointInward() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String module : ALLOWED.keySet()) {
      Path src = root().resolve(module).resolve("src");
      if (!Files.isDirectory(src)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(src)) {
        for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
          Matcher m = IMPORT.matcher(Files.readString(f));
          while (m.find()) {
            String target = m.group(1);
            if (!target.equals(module) && !ALLOWED.get(module).contains(target)) {
              violations.add(root().relativize(f) + " imports org.mercato." + target);
            }
          }
        }
      }
    }
    assertTrue(violations.isEmpty(), "forbidden imports: " + violations);
  }
}
