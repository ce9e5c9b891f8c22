package org.mercato.node.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the ethers.js v6 suite in compat/ (node --test, dev accounts #9..#19) against a node, from
 * Java: {@code bash compat/run-node-tests.sh} with MERCATO_RPC_URL set, which runs {@code npm ci}
 * only when compat/node_modules is missing or stale. Needs node and npm on the PATH.
 */
public final class EthersCompatibilitySuite {
  private EthersCompatibilitySuite() {}

  /** The repository root: the first directory at or above the working directory holding compat/package.json. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("compat/package.json"))) {
        return p;
      }
    }
    throw new IllegalStateException("no compat/package.json at or above " + dir);
  }

  /**
   * Runs the suite and returns its output (stdout and stderr, ending with node's test summary);
   * throws AssertionError with the output's tail if any test fails or the run exceeds timeout.
   */
  public static String run(String rpcUrl, Duration timeout) {
    return run(rpcUrl, java.util.Map.of(), timeout);
  }

  /**
   * As {@link #run(String, Duration)}, with more environment for the suite, e.g. {@code MERCATO_PROVIDER_URL} for the
   * buy-order-download flow (skipped without it).
   */
  public static String run(String rpcUrl, java.util.Map<String, String> env, Duration timeout) {
    Path root = repoRoot();
    try {
      Path log = Files.createTempFile("mercato-ethers-compat", ".log");
      try {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "compat/run-node-tests.sh"))
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        pb.environment().put("MERCATO_RPC_URL", rpcUrl);
        pb.environment().putAll(env);
        Process process = pb.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!finished) {
          throw new AssertionError("ethers suite did not finish within " + timeout + ":\n" + tail(output));
        }
        if (process.exitValue() != 0) {
          throw new AssertionError("ethers suite failed (exit " + process.exitValue() + "):\n" + tail(output));
        }
        return output;
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run compat/run-node-tests.sh (are node and npm installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running the ethers suite", e);
    }
  }

  /** The failing tests' lines and the closing summary, short enough for a test report. */
  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    StringBuilder sb = new StringBuilder();
    lines.stream()
        .filter(l -> l.stripLeading().startsWith("not ok") || l.stripLeading().startsWith("error:"))
        .limit(60)
        .forEach(l -> sb.append(l).append('\n'));
    sb.append("...\n");
    lines.subList(Math.max(0, lines.size() - 12), lines.size()).forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }
}
