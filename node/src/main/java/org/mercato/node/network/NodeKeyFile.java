package org.mercato.node.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;

/**
 * {@code node_key.json} in a node's home: the p2p identity key (docs/spec/p2p.md §1), owner-only
 * ({@code rw-------}), separate from the validator key. Holds {@code id} (for humans) and
 * {@code privateKey}.
 */
public final class NodeKeyFile {
  public static final String FILE_NAME = "node_key.json";

  private NodeKeyFile() {}

  public static void write(Path file, NodeKey key, PrivateKey privateKey) throws IOException {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("id", key.id().toHex());
    n.put("privateKey", privateKey.bytes().toHexString());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A new random key written to {@code file}. */
  public static NodeKey generate(Path file, SecureRandom random, Secp256k1 curve) throws IOException {
    PrivateKey pk = PrivateKey.random(random);
    NodeKey key = new NodeKey(pk, curve);
    write(file, key, pk);
    return key;
  }

  public static NodeKey read(Path file, Secp256k1 curve) throws IOException {
    JsonNode n = new ObjectMapper().readTree(file.toFile());
    JsonNode pk = n == null ? null : n.get("privateKey");
    if (pk == null || !pk.isTextual()) {
      throw new IOException(file + ": no \"privateKey\" field");
    }
    NodeKey key;
    try {
      key = new NodeKey(PrivateKey.fromHex(pk.textValue()), curve);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": bad private key (" + e.getMessage() + ")");
    }
    JsonNode id = n.get("id");
    if (id != null && !id.asText().equalsIgnoreCase(key.id().toHex())) {
      throw new IOException(file + ": the id does not match the private key");
    }
    return key;
  }

  /** Reads {@code file}, or creates it with a new key on first start. */
  public static NodeKey loadOrCreate(Path file, Secp256k1 curve) throws IOException {
    return Files.isRegularFile(file) ? read(file, curve) : generate(file, new SecureRandom(), curve);
  }
}
