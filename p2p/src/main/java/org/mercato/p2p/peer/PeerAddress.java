package org.mercato.p2p.peer;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.mercato.p2p.crypto.NodeId;

/**
 * Where to dial a peer, and optionally who must answer: {@code ID@HOST:PORT} or {@code HOST:PORT}
 * (docs/spec/p2p.md §1). IPv6 hosts are written in brackets: {@code ID@[::1]:26656}.
 */
public record PeerAddress(Optional<NodeId> id, String host, int port) {
  public PeerAddress {
    Objects.requireNonNull(id);
    Objects.requireNonNull(host);
    if (host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad peer address " + host + ":" + port);
    }
  }

  public static PeerAddress of(NodeId id, InetSocketAddress address) {
    return new PeerAddress(Optional.of(id), address.getHostString(), address.getPort());
  }

  /** Parses {@code [ID@]HOST:PORT}; throws IllegalArgumentException with the reason otherwise. */
  public static PeerAddress parse(String text) {
    String s = text.trim();
    Optional<NodeId> id = Optional.empty();
    int at = s.indexOf('@');
    if (at >= 0) {
      id = Optional.of(NodeId.fromHex(s.substring(0, at)));
      s = s.substring(at + 1);
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("peer address needs HOST:PORT: " + text);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in peer address: " + text, e);
    }
    return new PeerAddress(id, host, port);
  }

  public InetSocketAddress socketAddress() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return id.map(i -> i + "@").orElse("") + h + ":" + port;
  }
}
