package org.mercato.rpc.testing;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mercato.rpc.server.JsonRpcServer;

/**
 * A server from {@link RpcTestSupport#start()}, started before a test class's tests and stopped after them:
 * {@code @RegisterExtension static final RunningRpcServer SERVER = new RunningRpcServer();}
 */
public final class RunningRpcServer implements BeforeAllCallback, AfterAllCallback {
  private JsonRpcServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RpcTestSupport.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.stop();
  }

  /** The running server's HTTP endpoint. */
  public URI uri() {
    return server.httpUri();
  }
}
