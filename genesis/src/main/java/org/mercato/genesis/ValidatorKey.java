package org.mercato.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.types.Address;

/**
 * A validator's signing key, kept in its home folder as {@code validator_key.json} readable by its
 * owner only. The key never goes to a log: {@link #toString()} shows the address alone.
 */
public final class ValidatorKey {
  public static final String FILE_NAME = "validator_key.json";
  private final KeyPair keyPair;

  public ValidatorKey(KeyPair keyPair) {
    this.keyPair = keyPair;
  }

  public static ValidatorKey generate(SecureRandom random, Secp256k1 curve) {
    return new ValidatorKey(KeyPair.of(PrivateKey.random(random), curve));
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public Address address() {
    return keyPair.address();
  }

  public void write(Path file) throws IOException {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("address", keyPair.address().toChecksumHex());
    n.put("publicKey", keyPair.publicKey().toHexString());
    n.put("privateKey", keyPair.privateKey().bytes().toHexString());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static ValidatorKey read(Path file, Secp256k1 curve) throws IOException {
    JsonNode n = new ObjectMapper().readTree(file.toFile());
    JsonNode key = n == null ? null : n.get("privateKey");
    if (key == null || !key.isTextual()) {
      throw new IOException(file + ": no \"privateKey\" field");
    }
    KeyPair kp;
    try {
      kp = KeyPair.of(PrivateKey.fromHex(key.textValue()), curve);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": bad private key (" + e.getMessage() + ")");
    }
    JsonNode addr = n.get("address");
    if (addr != null && !Address.fromHex(addr.asText()).equals(kp.address())) {
      throw new IOException(file + ": the address does not match the private key");
    }
    return new ValidatorKey(kp);
  }

  @Override
  public String toString() {
    return "ValidatorKey[" + keyPair.address() + "]";
  }
}
