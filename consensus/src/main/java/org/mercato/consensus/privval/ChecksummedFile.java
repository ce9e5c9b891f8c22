package org.mercato.consensus.privval;

import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.Keccak;

/**
 * The framing of the privval files (the signing record, docs/spec/consensus.md §8, and the lock record, §8.1): an RLP
 * payload followed by its keccak-256, so a torn or flipped file is detected before anything in it is believed.
 */
final class ChecksummedFile {
  static final int CHECKSUM = 32;

  private ChecksummedFile() {}

  /** {@code payload ‖ keccak256(payload)}. */
  static byte[] seal(Bytes payload) {
    return Bytes.concatenate(payload, Keccak.hash(payload).bytes()).toArrayUnsafe();
  }

  /**
   * The payload of a sealed {@code file}; a file too short to hold one, or whose checksum does not match, is thrown as
   * {@code corrupt} of a message naming {@code what} (e.g. "lock record").
   */
  static Bytes open(byte[] file, String what, Function<String, ? extends RuntimeException> corrupt) {
    if (file.length <= CHECKSUM) {
      throw corrupt.apply(what + " is truncated (" + file.length + " bytes)");
    }
    Bytes all = Bytes.wrap(file);
    Bytes payload = all.slice(0, file.length - CHECKSUM);
    if (!Keccak.hash(payload).bytes().equals(all.slice(file.length - CHECKSUM))) {
      throw corrupt.apply(what + " checksum mismatch");
    }
    return payload;
  }
}
