package org.mercato.rpc.server;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Which browser origins may call the node: the Access-Control-Allow-Origin value and WebSocket origin check. */
final class CorsPolicy {
  private final boolean anyOrigin;
  private final Set<String> origins;

  CorsPolicy(List<String> allowedOrigins) {
    this.anyOrigin = allowedOrigins.contains("*");
    this.origins = allowedOrigins.stream().map(CorsPolicy::normalize).collect(Collectors.toUnmodifiableSet());
  }

  /** The Access-Control-Allow-Origin value for a request from {@code origin}, if it is allowed. */
  Optional<String> allowOriginHeader(String origin) {
    if (anyOrigin) {
      return Optional.of("*");
    }
    return origin != null && origins.contains(normalize(origin)) ? Optional.of(origin) : Optional.empty();
  }

  /** Non-browser clients send no Origin and are always allowed. */
  boolean allows(String origin) {
    return origin == null || anyOrigin || origins.contains(normalize(origin));
  }

  private static String normalize(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
