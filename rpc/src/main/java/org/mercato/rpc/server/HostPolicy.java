package org.mercato.rpc.server;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which Host headers the server answers. A browser page on an attacker's domain that re-resolves
 * to 127.0.0.1 (DNS rebinding) still sends the attacker's name as Host; refusing unknown names
 * keeps such pages away from a loopback node even with CORS "*". IP literals are always accepted:
 * rebinding needs a name, and tools that dial an address send it as the Host (as geth does).
 */
final class HostPolicy {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final boolean anyHost;
  private final Set<String> hosts;

  HostPolicy(List<String> allowedHosts) {
    this.anyHost = allowedHosts.contains("*");
    this.hosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /** Whether a request with this Host header value (may be null for HTTP/1.0) is answered. */
  boolean allows(String hostHeader) {
    if (anyHost || hostHeader == null || hostHeader.isEmpty()) {
      return true; // no Host header: not a browser (browsers always send one)
    }
    String name = stripPort(hostHeader.trim()).toLowerCase(Locale.ROOT);
    return name.startsWith("[") || IPV4.matcher(name).matches() || hosts.contains(name);
  }

  private static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
