package org.mercato.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.mercato.p2p.crypto.FrameOpener;
import org.mercato.p2p.crypto.FrameSealer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One P2P frame sealed by one side and opened by the other (docs/spec/p2p.md §3), as the node does
 * it ({@link FrameSealer}, {@link FrameOpener}: the JDK's ChaCha20-Poly1305), beside the same
 * round trip through BouncyCastle's ChaCha20Poly1305, which the node used before. Sizes: a vote
 * or a small transaction batch, a full gossip batch, a slice of a block. Microseconds per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FrameCipherBenchmark {
  @Param({"200", "4096", "65536"})
  int size;

  byte[] plaintext;
  FrameSealer sealer;
  FrameOpener opener;
  KeyParameter key;
  ChaCha20Poly1305 bcSeal;
  ChaCha20Poly1305 bcOpen;
  long counter;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(7);
    plaintext = new byte[size];
    random.nextBytes(plaintext);
    byte[] k = new byte[32];
    random.nextBytes(k);
    sealer = new FrameSealer(k);
    opener = new FrameOpener(k);
    key = new KeyParameter(k);
    bcSeal = new ChaCha20Poly1305();
    bcOpen = new ChaCha20Poly1305();
  }

  @Benchmark
  public byte[] node() {
    return opener.open(sealer.seal(plaintext)).orElseThrow();
  }

  @Benchmark
  public byte[] bouncyCastle() throws InvalidCipherTextException {
    byte[] nonce = new byte[12];
    long c = counter++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
    }
    byte[] aad = {0, 0, 0, 0};
    bcSeal.init(true, new ParametersWithIV(key, nonce));
    bcSeal.processAADBytes(aad, 0, 4);
    byte[] sealed = new byte[size + 16];
    bcSeal.doFinal(sealed, bcSeal.processBytes(plaintext, 0, size, sealed, 0));
    bcOpen.init(false, new ParametersWithIV(key, nonce));
    bcOpen.processAADBytes(aad, 0, 4);
    byte[] plain = new byte[size];
    bcOpen.doFinal(plain, bcOpen.processBytes(sealed, 0, sealed.length, plain, 0));
    return plain;
  }
}
