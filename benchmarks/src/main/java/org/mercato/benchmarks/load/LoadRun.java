package org.mercato.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.mercato.rpc.client.JsonRpcClient;
import org.mercato.state.tx.Transaction;

/**
 * Submits signed transactions over JSON-RPC (batches of eth_sendRawTransaction on several
 * connections, in list order; the batch bodies are serialized before the clock starts) while one thread scans every new block (eth_getBlockByNumber with
 * hashes only) and timestamps each of our transactions when its block is first seen.
 */
final class LoadRun {
  /** A block that held at least one of our transactions. */
  record BlockSeen(long number, long seenNanos, int ours, int total) {}

  private final JsonRpcClient client;
  private final URI endpoint;
  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();
  private final List<Transaction> txs;
  /** Request bodies, built before the clock starts so submission only moves bytes. */
  private final byte[][] bodies;
  private final int batch;
  private final int connections;
  /** Offered transactions per second (0: unpaced). */
  private final double rate;
  private final Map<String, Integer> index;
  private final long[] submitted;
  private final long[] included;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger includedCount = new AtomicInteger();
  private final Map<String, AtomicInteger> rejections = new ConcurrentHashMap<>();
  private final Map<String, String> rejectionExamples = new ConcurrentHashMap<>();
  private final List<BlockSeen> blocks = new ArrayList<>();
  private final AtomicLong lastProgress = new AtomicLong();
  private volatile boolean submitting = true;
  private long start;
  private long submitEnd;
  private long cpuStart;
  private long cpuEnd;

  LoadRun(JsonRpcClient client, URI endpoint, HttpClient http, List<Transaction> txs, int batch, int connections,
      double rate) {
    this.client = client;
    this.rate = rate;
    this.endpoint = endpoint;
    this.http = http;
    this.txs = txs;
    this.batch = batch;
    this.connections = connections;
    this.index = new HashMap<>(txs.size() * 2);
    for (int i = 0; i < txs.size(); i++) {
      index.put(txs.get(i).hash().toHex().toLowerCase(), i);
    }
    int batches = (txs.size() + batch - 1) / batch;
    this.bodies = new byte[batches][];
    for (int b = 0; b < batches; b++) {
      StringBuilder sb = new StringBuilder(batch * 300).append('[');
      for (int i = b * batch; i < Math.min(txs.size(), (b + 1) * batch); i++) {
        if (i > b * batch) {
          sb.append(',');
        }
        sb.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"eth_sendRawTransaction\",\"params\":[\"")
            .append(txs.get(i).encoded().toHexString()).append("\"]}");
      }
      bodies[b] = sb.append(']').toString().getBytes(StandardCharsets.US_ASCII);
    }
    this.submitted = new long[txs.size()];
    this.included = new long[txs.size()];
    Arrays.fill(included, -1);
  }

  /** Submits everything and waits until every accepted transaction is included, or {@code timeoutSeconds} pass without progress. */
  LoadRun run(long timeoutSeconds) throws InterruptedException {
    long fromBlock = Long.decode(client.call("eth_blockNumber").asText());
    start = System.nanoTime();
    cpuStart = processCpuNanos();
    lastProgress.set(start);
    Thread scanner = new Thread(() -> scan(fromBlock), "block-scanner");
    scanner.setDaemon(true);
    scanner.start();

    ExecutorService pool = Executors.newFixedThreadPool(connections);
    AtomicInteger nextBatch = new AtomicInteger();
    int batches = (txs.size() + batch - 1) / batch;
    for (int c = 0; c < connections; c++) {
      pool.execute(() -> {
        for (int b = nextBatch.getAndIncrement(); b < batches; b = nextBatch.getAndIncrement()) {
          awaitTurn(b);
          submitBatch(b, b * batch, Math.min(txs.size(), (b + 1) * batch));
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    submitEnd = System.nanoTime();
    submitting = false;
    while (scanner.isAlive()) {
      scanner.join(200);
      if (System.nanoTime() - lastProgress.get() > TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
        scanner.interrupt();
        scanner.join();
      }
    }
    cpuEnd = processCpuNanos();
    return this;
  }

  /** Paced runs send batch {@code b} no earlier than {@code b * batch / rate} seconds after the start. */
  private void awaitTurn(int b) {
    if (rate <= 0) {
      return;
    }
    long due = start + (long) (b * (double) batch * 1e9 / rate);
    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }

  private void submitBatch(int b, int from, int to) {
    long now = System.nanoTime();
    for (int i = from; i < to; i++) {
      submitted[i] = now;
    }
    JsonNode response;
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(120))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bodies[b])).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        reject("transport: HTTP " + r.statusCode(), to - from);
        return;
      }
      response = mapper.readTree(r.body());
    } catch (IOException e) {
      reject("transport: " + e.getMessage(), to - from);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reject("transport: interrupted", to - from);
      return;
    }
    if (!response.isArray()) {
      reject("batch refused: " + response.path("error").path("message").asText(response.toString()), to - from);
      return;
    }
    int answered = 0;
    for (JsonNode entry : response) {
      answered++;
      JsonNode error = entry.get("error");
      if (error != null && !error.isNull()) {
        reject(error.path("message").asText(), 1);
      } else {
        accepted.incrementAndGet();
      }
    }
    if (answered < to - from) {
      reject("no response in batch", to - from - answered);
    }
  }

  private void reject(String message, int n) {
    String m = message == null ? "(no message)" : message;
    int cut = m.indexOf(':');
    String group = cut > 0 ? m.substring(0, cut) : m;
    rejections.computeIfAbsent(group, g -> new AtomicInteger()).addAndGet(n);
    rejectionExamples.putIfAbsent(group, m);
  }

  private void scan(long fromBlock) {
    long next = fromBlock + 1;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        if (!submitting && includedCount.get() >= accepted.get()) {
          return;
        }
        long head = Long.decode(retrying(() -> client.call("eth_blockNumber")).asText());
        for (; next <= head; next++) {
          String number = "0x" + Long.toHexString(next);
          JsonNode block = retrying(() -> client.call("eth_getBlockByNumber", number, false));
          long seen = System.nanoTime();
          int ours = 0;
          JsonNode list = block.path("transactions");
          for (JsonNode h : list) {
            Integer i = index.get(h.asText().toLowerCase());
            if (i != null && included[i] < 0) {
              included[i] = seen;
              ours++;
            }
          }
          if (ours > 0) {
            synchronized (blocks) {
              blocks.add(new BlockSeen(next, seen, ours, list.size()));
            }
            includedCount.addAndGet(ours);
            lastProgress.set(seen);
          }
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  /** Reads are idempotent: one retry covers a keep-alive connection the server closed under us. */
  private static JsonNode retrying(java.util.function.Supplier<JsonNode> read) {
    try {
      return read.get();
    } catch (java.io.UncheckedIOException e) {
      return read.get();
    }
  }

  int included() {
    return includedCount.get();
  }

  int accepted() {
    return accepted.get();
  }

  /**
   * Prints the summary; returns the number of transactions accepted but never seen in a block.
   * "Sustained" is (included - those in the first block) / (time the last block was seen - time the
   * first was seen): the first block's transactions arrived before the measured interval began.
   */
  int report(PrintStream out, String label) {
    List<BlockSeen> bs;
    synchronized (blocks) {
      bs = List.copyOf(blocks);
    }
    int inc = includedCount.get();
    out.printf("%s: submitted %d, accepted %d, rejected %d, included %d%n", label, txs.size(), accepted.get(),
        txs.size() - accepted.get(), inc);
    out.printf("  submission: %.2f s (%.0f tx/s offered%s)%n", (submitEnd - start) / 1e9,
        txs.size() / ((submitEnd - start) / 1e9), rate > 0 ? String.format(", paced at %.0f", rate) : "");
    if (!bs.isEmpty()) {
      BlockSeen first = bs.get(0);
      BlockSeen last = bs.get(bs.size() - 1);
      out.printf("  duration (first submission to last inclusion seen): %.2f s, %.0f included tx/s overall%n",
          (last.seenNanos() - start) / 1e9, inc / ((last.seenNanos() - start) / 1e9));
      if (bs.size() < 3) {
        out.println("  sustained: n/a (fewer than 3 blocks)");
      } else {
        double span = (last.seenNanos() - first.seenNanos()) / 1e9;
        out.printf("  sustained (first inclusion to last, %d blocks #%d..#%d, %.2f s): %.0f included tx/s%n",
            bs.size(), first.number(), last.number(), span, (inc - first.ours()) / span);
      }
      int max = bs.stream().mapToInt(BlockSeen::ours).max().orElse(0);
      out.printf("  per block: max %d, mean %.0f of ours%n", max, inc / (double) bs.size());
      long[] lat = new long[inc];
      int n = 0;
      for (int i = 0; i < included.length; i++) {
        if (included[i] >= 0) {
          lat[n++] = included[i] - submitted[i];
        }
      }
      Arrays.sort(lat, 0, n);
      if (n > 0) {
        out.printf("  inclusion latency: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", lat[(int) (n * 0.50)] / 1e6,
            lat[Math.min(n - 1, (int) (n * 0.99))] / 1e6, lat[n - 1] / 1e6);
      }
    }
    out.printf("  load tool's own CPU while submitting and scanning: %.1f s%n", (cpuEnd - cpuStart) / 1e9);
    if (!rejections.isEmpty()) {
      out.println("  rejections:");
      new TreeMap<>(rejections).forEach((g, c) -> out.printf("    %7d  %s   e.g. \"%s\"%n", c.get(), g, rejectionExamples.get(g)));
    }
    return accepted.get() - inc;
  }

  /** Blocks that held our transactions, in order. */
  List<BlockSeen> blocks() {
    synchronized (blocks) {
      return List.copyOf(blocks);
    }
  }
}
