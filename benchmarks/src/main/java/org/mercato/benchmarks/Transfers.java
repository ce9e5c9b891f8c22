package org.mercato.benchmarks;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionSigner;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/** Keys and signed EIP-1559 transfers for benchmarks and the load tool. */
public final class Transfers {
  private Transfers() {}

  /** {@code count} random keys (seeded, so a benchmark's state is the same from run to run when seed is given). */
  public static List<KeyPair> keys(int count, Random random, Secp256k1 curve) {
    List<PrivateKey> secrets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      secrets.add(randomKey(random));
    }
    return secrets.parallelStream().map(k -> KeyPair.of(k, curve)).toList();
  }

  public static PrivateKey randomKey(Random random) {
    if (random instanceof SecureRandom s) {
      return PrivateKey.random(s);
    }
    while (true) {
      byte[] b = new byte[32];
      random.nextBytes(b);
      try {
        return PrivateKey.of(org.apache.tuweni.bytes.Bytes32.wrap(b));
      } catch (IllegalArgumentException outOfRange) {
        // astronomically rare: draw again
      }
    }
  }

  public static List<Address> addresses(int count, Random random) {
    List<Address> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] b = new byte[Address.SIZE];
      random.nextBytes(b);
      out.add(Address.wrap(b));
    }
    return out;
  }

  /**
   * Signs {@code perSender} transfers for every sender, nonces {@code firstNonce..}, in parallel, and
   * returns them interleaved: round r holds every sender's r-th transaction, so submitting in list
   * order never sends a nonce before its predecessor. Transaction i goes to {@code recipients[i % size]}.
   */
  public static List<Transaction> sign(
      List<KeyPair> senders, long[] firstNonce, int perSender, long chainId, Wei tip, Wei maxFee, Wei value,
      List<Address> recipients, Secp256k1 curve) {
    TransactionSigner signer = new TransactionSigner(curve);
    int k = senders.size();
    Transaction[] out = new Transaction[k * perSender];
    IntStream.range(0, out.length).parallel().forEach(i -> {
      int round = i / k;
      int s = i % k;
      UnsignedTransaction tx = UnsignedTransaction.transfer(chainId, firstNonce[s] + round, tip, maxFee,
          recipients.get(i % recipients.size()), value);
      out[i] = signer.sign(tx, senders.get(s));
    });
    return List.of(out);
  }
}
