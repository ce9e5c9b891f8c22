package org.mercato.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.mercato.rpc.client.JsonRpcCallException;
import org.mercato.rpc.client.JsonRpcClient;
import org.web3j.crypto.Credentials;

/**
 * A steady stream of signed transfers from several accounts to a few fixed recipients, on its own
 * thread, until {@link #stop()}. It records every receipt it sees (block hash, number, status) and
 * the highest block number any answer showed. Transport errors (the node was killed) end nothing:
 * the stream keeps trying until stopped; errors the node returns are recorded as rejections.
 */
public final class TransferStream implements AutoCloseable {
  /** A receipt as seen over RPC. */
  public record Seen(String blockHash, long blockNumber, String status) {}

  private static final int MAX_IN_FLIGHT_PER_SENDER = 3;

  private final Rpc rpc;
  private final long chainId;
  private final List<Credentials> senders;
  private final List<String> recipients;
  private final Thread thread;
  private final Map<String, Seen> seen = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<String> rejections = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong highestBlock = new AtomicLong(-1);
  private final AtomicInteger sent = new AtomicInteger();
  private volatile boolean stopped;

  public TransferStream(Rpc rpc, long chainId, List<Credentials> senders, List<String> recipients) {
    this.rpc = rpc;
    this.chainId = chainId;
    this.senders = senders;
    this.recipients = recipients;
    this.thread = new Thread(this::run, "transfer-stream");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void run() {
    BigInteger[] nonces = new BigInteger[senders.size()];
    Map<String, Integer> inFlight = new LinkedHashMap<>(); // hash -> sender index
    int[] inFlightPerSender = new int[senders.size()];
    BigInteger maxFee = null;
    long round = 0;
    while (!stopped) {
      try {
        if (maxFee == null || round % 50 == 0) {
          maxFee = rpc.maxFee();
        }
        round++;
        for (int s = 0; s < senders.size(); s++) {
          if (nonces[s] == null) {
            nonces[s] = rpc.nonce(senders.get(s).getAddress(), "pending");
          }
          if (inFlightPerSender[s] >= MAX_IN_FLIGHT_PER_SENDER) {
            continue;
          }
          String to = recipients.get((int) ((round + s) % recipients.size()));
          BigInteger value = BigInteger.TEN.pow(15).add(BigInteger.valueOf(round));
          String raw = Rpc.signTransfer(senders.get(s), chainId, nonces[s], to, value, maxFee);
          try {
            String hash = rpc.sendRaw(raw);
            nonces[s] = nonces[s].add(BigInteger.ONE);
            inFlight.put(hash, s);
            inFlightPerSender[s]++;
            sent.incrementAndGet();
          } catch (JsonRpcCallException e) {
            rejections.add(senders.get(s).getAddress() + " nonce " + nonces[s] + ": " + e);
            nonces[s] = null; // re-read
          }
        }
        List<String> hashes = new ArrayList<>(inFlight.keySet());
        if (!hashes.isEmpty()) {
          List<JsonRpcClient.Outcome> outcomes =
              rpc.batch(hashes.stream().map(h -> JsonRpcClient.Call.of("eth_getTransactionReceipt", h)).toList());
          for (int i = 0; i < hashes.size(); i++) {
            JsonNode r = outcomes.get(i).get();
            if (r != null && !r.isNull()) {
              long number = Rpc.quantity(r.get("blockNumber")).longValueExact();
              seen.put(hashes.get(i), new Seen(r.get("blockHash").asText(), number, r.get("status").asText()));
              highestBlock.accumulateAndGet(number, Math::max);
              inFlightPerSender[inFlight.remove(hashes.get(i))]--;
            }
          }
        }
        highestBlock.accumulateAndGet(rpc.blockNumber(), Math::max);
        Rpc.sleep(20);
      } catch (UncheckedIOException e) {
        // The node is gone (killed) or not answering: keep what was seen, try again until stopped.
        Rpc.sleep(50);
      } catch (JsonRpcCallException e) {
        rejections.add(e.toString());
        Rpc.sleep(50);
      }
    }
  }

  /** Receipts seen so far, by transaction hash. */
  public Map<String, Seen> seen() {
    synchronized (seen) {
      return new LinkedHashMap<>(seen);
    }
  }

  public int seenCount() {
    return seen.size();
  }

  public int sentCount() {
    return sent.get();
  }

  /** The highest block number in any answer so far (eth_blockNumber or a receipt); -1 before any. */
  public long highestBlock() {
    return highestBlock.get();
  }

  public List<String> rejections() {
    synchronized (rejections) {
      return List.copyOf(rejections);
    }
  }

  /** Stops the stream and waits for its thread. */
  public void stop() {
    stopped = true;
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      throw new AssertionError("transfer stream did not stop within 60 s");
    }
  }

  @Override
  public void close() {
    stop();
  }
}
