package org.mercato.node.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;

/**
 * {@code provider_key.json}: the provider's secp256k1 key, owner-only ({@code rw-------}). Its address is part of every
 * message a client signs (docs/spec/data-market.md §Provider (download service)), so a signature for one provider is
 * useless at another. Holds {@code address} (for humans) and {@code privateKey}; the key itself is never logged.
 */
public final class ProviderKeyFile {
  public static final String FILE_NAME = "provider_key.json";

  private ProviderKeyFile() {}

  public static KeyPair read(Path file, Secp256k1 curve) throws IOException {
    JsonNode n = new ObjectMapper().readTree(file.toFile());
    JsonNode pk = n == null ? null : n.get("privateKey");
    if (pk == null || !pk.isTextual()) {
      throw new IOException(file + ": no \"privateKey\" field");
    }
    KeyPair key;
    try {
      key = KeyPair.of(PrivateKey.fromHex(pk.textValue()), curve);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": bad private key");
    }
    JsonNode address = n.get("address");
    if (address != null && !address.asText().equalsIgnoreCase(key.address().toHex())) {
      throw new IOException(file + ": the address does not match the private key");
    }
    return key;
  }

  /** Reads {@code file}, or creates it (and its folder) with a new random key. */
  public static KeyPair loadOrCreate(Path file, Secp256k1 curve) throws IOException {
    if (Files.isRegularFile(file)) {
      return read(file, curve);
    }
    KeyPair key = KeyPair.of(PrivateKey.random(new SecureRandom()), curve);
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("address", key.address().toChecksumHex());
    n.put("privateKey", key.privateKey().bytes().toHexString());
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return key;
  }
}
