package org.mercato.state.exec;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/** Solidity's revert payload {@code Error(string)} (selector 0x08c379a0), which ethers and web3j decode into a message. */
public final class AbiErrors {
  public static final Bytes ERROR_SELECTOR = Bytes.fromHexString("0x08c379a0");

  private AbiErrors() {}

  public static Bytes encodeError(String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int padded = (text.length + 31) / 32 * 32;
    byte[] tail = new byte[padded];
    System.arraycopy(text, 0, tail, 0, text.length);
    return Bytes.concatenate(
        ERROR_SELECTOR,
        UInt256.valueOf(32).toBytes(),
        UInt256.valueOf(text.length).toBytes(),
        Bytes.wrap(tail));
  }

  /** The reason string of an {@code Error(string)} payload, if it is one. */
  public static Optional<String> decodeError(Bytes output) {
    if (output.size() < 4 + 64 || !output.slice(0, 4).equals(ERROR_SELECTOR)) {
      return Optional.empty();
    }
    Bytes32 lenWord = Bytes32.wrap(output.slice(4 + 32, 32));
    long len = lenWord.toUnsignedBigInteger().min(java.math.BigInteger.valueOf(output.size())).longValue();
    if (4 + 64 + len > output.size()) {
      return Optional.empty();
    }
    return Optional.of(new String(output.slice(4 + 64, (int) len).toArrayUnsafe(), StandardCharsets.UTF_8));
  }
}
