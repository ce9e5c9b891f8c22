package org.mercato.node.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mercato.state.types.Address;

/**
 * The last nonce accepted from each account (docs/spec/data-market.md §Provider (download service), "Nonces"): an
 * append-only file of {@code address nonce} lines, forced to disk before a request that advanced it is answered, so a
 * restart (also kill -9) never lets an old signature through again. Compacted to one line per account on open; a torn
 * last line (crash mid-write) is ignored, which is safe: its request was never answered.
 */
public final class NonceStore implements AutoCloseable {
  public static final String FILE_NAME = "nonces.log";

  private final Path file;
  private final Map<Address, Long> last = new TreeMap<>();
  private FileChannel out;

  public NonceStore(Path file) {
    this.file = file;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (Files.exists(file)) {
        load(Files.readAllLines(file, StandardCharsets.US_ASCII));
        compact();
      }
      out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the provider's nonce file " + file, e);
    }
  }

  /** The last nonce accepted from {@code account}; 0 if none. */
  public synchronized long last(Address account) {
    return last.getOrDefault(account, 0L);
  }

  /**
   * Records {@code nonce} for {@code account} iff it is above the last one (strictly increasing), durably; false if
   * another request got there first with an equal or higher nonce.
   */
  public synchronized boolean advance(Address account, long nonce) {
    if (nonce <= last(account)) {
      return false;
    }
    try {
      out.write(ByteBuffer.wrap((account.toHex() + " " + nonce + "\n").getBytes(StandardCharsets.US_ASCII)));
      out.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record a nonce in " + file, e);
    }
    last.put(account, nonce);
    return true;
  }

  private void load(List<String> lines) {
    for (String line : lines) {
      String[] parts = line.trim().split(" ");
      if (parts.length != 2) {
        continue;
      }
      try {
        Address a = Address.fromHex(parts[0]);
        long n = Long.parseLong(parts[1]);
        last.merge(a, n, Math::max);
      } catch (IllegalArgumentException e) {
        // a torn last line: its request was never answered
      }
    }
  }

  private void compact() throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    StringBuilder sb = new StringBuilder();
    last.forEach((a, n) -> sb.append(a.toHex()).append(' ').append(n).append('\n'));
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      c.write(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII)));
      c.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public synchronized void close() {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
