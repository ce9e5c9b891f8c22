package org.mercato.p2p.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.crypto.NodeKey;

class PeerPolicyTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void backoffDoublesUpToTheCap() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60));
    assertEquals(Duration.ofMillis(500), b.delay(0));
    assertEquals(Duration.ofMillis(1000), b.delay(1));
    assertEquals(Duration.ofMillis(32_000), b.delay(6));
    assertEquals(Duration.ofSeconds(60), b.delay(7));
    assertEquals(Duration.ofSeconds(60), b.delay(1000));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
  }

  @Test
  void bansLastTheirDurationOnTheInjectedClock() {
    ManualClock clock = new ManualClock();
    BanList bans = new BanList(clock, Duration.ofMinutes(10));
    NodeId id = NodeKey.random(new SecureRandom()).id();
    assertFalse(bans.isBanned(id));
    bans.ban(id);
    assertTrue(bans.isBanned(id));
    clock.now = clock.now.plus(Duration.ofMinutes(9));
    assertTrue(bans.isBanned(id));
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertFalse(bans.isBanned(id));
  }

  @Test
  void peerAddresses() {
    String id = "9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f";
    PeerAddress a = PeerAddress.parse(id + "@127.0.0.1:26656");
    assertEquals(Optional.of(NodeId.fromHex(id)), a.id());
    assertEquals("127.0.0.1", a.host());
    assertEquals(26656, a.port());
    assertEquals(id + "@127.0.0.1:26656", a.toString());
    PeerAddress v6 = PeerAddress.parse(id + "@[::1]:1");
    assertEquals("::1", v6.host());
    assertEquals(id + "@[::1]:1", v6.toString());
    assertEquals(Optional.empty(), PeerAddress.parse("example.org:30303").id());
    assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse("nohost"));
    assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse("h:99999"));
    assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse("abc@h:1"));
  }

  @Test
  void onlyPostHandshakeProtocolBreachesAreBannable() {
    for (DisconnectReason r : DisconnectReason.values()) {
      boolean expected = switch (r) { // PING_TIMEOUT is not: silence is not hostile (p2p.md §7.2)
        case DECRYPTION_FAILED, FRAME_OVERSIZED, FRAME_MALFORMED, UNSUPPORTED_VERSION, UNKNOWN_CHANNEL,
            MALFORMED_MESSAGE, INVALID_BLOCK, INVALID_TRANSACTIONS, INVALID_CONSENSUS_MESSAGE, KEEPALIVE_VIOLATION -> true;
        default -> false;
      };
      assertEquals(expected, r.misbehaviour(), r.name());
    }
  }
}
