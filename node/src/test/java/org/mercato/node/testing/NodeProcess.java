package org.mercato.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mercato ARGS} as a separate JVM ({@code java -cp <this test's classpath> org.mercato.node.Main}),
 * stdout and stderr each to a file in {@code logDir}. For commands that block (dev, node) and for
 * kill -9 ({@link #kill9()} is {@link Process#destroyForcibly()}, SIGKILL on Linux).
 */
public final class NodeProcess implements AutoCloseable {
  /** The RPC URL as the dev banner ("JSON-RPC:   http://...") and `mercato node` ("JSON-RPC http://...") print it. */
  private static final Pattern RPC_URL = Pattern.compile("JSON-RPC:?\\s+(http://[^\\s,]+)");
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final List<String> args;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private NodeProcess(List<String> args, Process process, Path stdout, Path stderr) {
    this.args = args;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public static NodeProcess start(Path logDir, String... args) {
    try {
      Files.createDirectories(logDir);
      int run = RUNS.incrementAndGet();
      Path out = logDir.resolve("mercato-" + run + ".out");
      Path err = logDir.resolve("mercato-" + run + ".err");
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // Small and quick to start: these JVMs share two cores with the test JVM.
          "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"),
          "org.mercato.node.Main"));
      command.addAll(List.of(args));
      if (args.length > 0 && (args[0].equals("dev") || args[0].equals("node"))
          && !command.contains("--metrics-port") && !command.contains("--no-metrics")) {
        // A free metrics port, so parallel and restarted nodes never collide on the default 9545.
        command.addAll(List.of("--metrics-port", "0"));
      }
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().put("MERCATO_LOG_LEVEL", "INFO");
      return new NodeProcess(List.of(args), pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM for mercato " + String.join(" ", args), e);
    }
  }

  /** Waits until the process prints its RPC URL; fails with its output if it exits first or takes too long. */
  public URI awaitRpcUrl(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = RPC_URL.matcher(stdout());
      if (m.find()) {
        return URI.create(m.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError("mercato " + String.join(" ", args) + " exited with " + process.exitValue()
            + " before printing its RPC URL\n" + describe());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("mercato " + String.join(" ", args) + " printed no RPC URL within " + timeout + "\n" + describe());
      }
      Rpc.sleep(50);
    }
  }

  /** Waits for the process to exit by itself; returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("mercato " + String.join(" ", args) + " still running after " + timeout + "\n" + describe());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed by the JVM. Returns once the process is gone. */
  public void kill9() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("process " + process.pid() + " survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** SIGTERM, as Ctrl-C or a service manager stops it: the shutdown hook closes the node. */
  public int stop(Duration timeout) {
    process.destroy();
    return awaitExit(timeout);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String stdout() {
    return read(stdout);
  }

  public String stderr() {
    return read(stderr);
  }

  public String describe() {
    return "--- stdout:\n" + tail(stdout()) + "--- stderr:\n" + tail(stderr());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(String s) {
    List<String> lines = s.lines().toList();
    StringBuilder b = new StringBuilder();
    lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }
}
