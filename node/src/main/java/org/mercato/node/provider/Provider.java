package org.mercato.node.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import org.mercato.market.data.provider.AssetSource;
import org.mercato.market.data.provider.OrderSource;
import org.mercato.market.data.provider.RequestVerifier;
import org.mercato.node.config.ProviderConfig;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's download service (docs/spec/data-market.md §Provider (download service)): its key, nonce file and file
 * store under {@code <data dir>/provider/}, and its HTTP server. Created by the node when {@code --provider} (or
 * {@code [provider] enabled}) is set; reads only committed state of the node's own chain.
 */
public final class Provider implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Provider.class);
  public static final String DIR = "provider";

  private final KeyPair key;
  private final NonceStore nonces;
  private final FileStore files;
  private final ProviderServer server;

  private Provider(KeyPair key, NonceStore nonces, FileStore files, ProviderServer server) {
    this.key = key;
    this.nonces = nonces;
    this.files = files;
    this.server = server;
  }

  /**
   * Loads (or creates) the key, opens the stores; does not bind yet. The key file is {@code config.keyFile()}, else
   * {@code <dataDir>/provider_key.json}.
   */
  public static Provider open(ProviderConfig config, Path dataDir, Blockchain chain, Secp256k1 curve, OrderSource orders,
      AssetSource assets) {
    KeyPair key;
    Path keyFile = config.keyFile().orElse(dataDir.resolve(ProviderKeyFile.FILE_NAME));
    try {
      key = ProviderKeyFile.loadOrCreate(keyFile, curve);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the provider key " + keyFile, e);
    }
    Path dir = dataDir.resolve(DIR);
    NonceStore nonces = new NonceStore(dir.resolve(NonceStore.FILE_NAME));
    FileStore files = new FileStore(dir.resolve("files"));
    RequestVerifier verifier = new RequestVerifier(chain.parameters().chainId(), key.address(), curve, orders, assets);
    ProviderService service = new ProviderService(chain, key, verifier, nonces, files, config.maxUploadBytes());
    LOG.info("Provider {} (key file {}), files in {}", key.address().toChecksumHex(), keyFile, files.dir());
    return new Provider(key, nonces, files, new ProviderServer(config.host(), config.port(), service));
  }

  public InetSocketAddress start() {
    return server.start();
  }

  /** The provider's address: part of every message its clients sign. */
  public org.mercato.state.types.Address address() {
    return key.address();
  }

  public URI uri() {
    return server.uri();
  }

  public InetSocketAddress boundAddress() {
    return server.address();
  }

  public Path filesDir() {
    return files.dir();
  }

  @Override
  public void close() {
    server.close();
    nonces.close();
  }
}
