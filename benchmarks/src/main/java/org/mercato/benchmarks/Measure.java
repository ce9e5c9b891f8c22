package org.mercato.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the in-process block loops and JMH states share: millisecond conversion, GC time, scratch clean-up. */
public final class Measure {
  private Measure() {}

  public static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  /** Milliseconds the JVM's collectors have spent so far (subtract two readings for a block's share). */
  public static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  /** Deletes a scratch folder and everything in it, best effort: a leftover temp file must not fail a measurement. */
  public static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // best effort
    }
  }
}
