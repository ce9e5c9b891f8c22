package org.mercato.p2p.transport;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.mercato.p2p.crypto.EphemeralKey;
import org.mercato.p2p.crypto.FrameOpener;
import org.mercato.p2p.crypto.FrameSealer;
import org.mercato.p2p.crypto.KeySchedule;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.crypto.SessionKeys;
import org.mercato.p2p.handshake.Handshake;
import org.mercato.p2p.peer.Backoff;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.wire.AuthMessage;
import org.mercato.p2p.wire.Hello;
import org.mercato.p2p.wire.WireFormat;

/** Hosts on 127.0.0.1, a recording listener and a hand-driven raw client for loopback tests. */
final class TestNet {
  static final SecureRandom RANDOM = new SecureRandom();
  static final long NETWORK = 31337;
  static final int CONSENSUS = 0;
  static final int MEMPOOL = 1;
  static final int BLOCKSYNC = 2;
  static final List<ChannelDescriptor> CHANNELS = List.of(
      new ChannelDescriptor(CONSENSUS, "consensus", 0, 1_024, 16L << 20),
      new ChannelDescriptor(MEMPOOL, "mempool", 1, 4_096, 32L << 20),
      new ChannelDescriptor(BLOCKSYNC, "blocksync", 2, 10_000, 1L << 30));

  private TestNet() {}

  static P2pConfig config(NodeKey key) {
    return P2pConfig.defaults(key, NETWORK, "127.0.0.1", 0, CHANNELS)
        .withTimings(Duration.ofSeconds(5), Duration.ofMinutes(10), new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)), Clock.systemUTC());
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  record Message(NodeId from, int channel, byte[] payload) {}

  record Failure(InetSocketAddress remote, boolean outbound, DisconnectReason reason) {}

  record Disconnect(NodeId id, DisconnectReason reason) {}

  /** Records everything; optionally holds the event loop on the first message of one channel. */
  static final class Recorder implements P2pListener {
    final List<Peer> connected = new CopyOnWriteArrayList<>();
    final List<Message> messages = new CopyOnWriteArrayList<>();
    final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();
    final List<Failure> failures = new CopyOnWriteArrayList<>();
    volatile int holdChannel = -1;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch held = new CountDownLatch(1);

    @Override
    public void peerConnected(Peer peer) {
      connected.add(peer);
    }

    @Override
    public void messageReceived(Peer peer, int channelId, byte[] payload) {
      messages.add(new Message(peer.id(), channelId, payload));
      if (channelId == holdChannel && held.getCount() > 0) {
        held.countDown();
        try {
          release.await(30, TimeUnit.SECONDS); // a slow reader: deliberately stalls this peer's reads
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void peerDisconnected(Peer peer, DisconnectReason reason) {
      disconnects.add(new Disconnect(peer.id(), reason));
    }

    @Override
    public void connectionFailed(InetSocketAddress remote, boolean outbound, DisconnectReason reason) {
      failures.add(new Failure(remote, outbound, reason));
    }

    List<Message> on(int channel) {
      List<Message> out = new ArrayList<>();
      for (Message m : messages) {
        if (m.channel() == channel) {
          out.add(m);
        }
      }
      return out;
    }

    boolean failedWith(DisconnectReason r) {
      return failures.stream().anyMatch(f -> f.reason() == r);
    }

    boolean disconnectedWith(DisconnectReason r) {
      return disconnects.stream().anyMatch(d -> d.reason() == r);
    }
  }

  /** A peer driven byte by byte from the test: it can forge, tamper and send garbage. */
  static final class RawClient implements Closeable {
    final Socket socket;
    final DataInputStream in;
    final OutputStream out;
    FrameSealer sealer;
    FrameOpener opener;

    RawClient(InetSocketAddress address) throws IOException {
      this(address, 0);
    }

    /** {@code receiveBuffer} > 0 shrinks our socket's receive buffer, so a host's writes back up sooner. */
    RawClient(InetSocketAddress address, int receiveBuffer) throws IOException {
      socket = new Socket();
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.connect(address);
      socket.setSoTimeout(10_000);
      in = new DataInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    /** Runs our side of the handshake, claiming {@code claimed}'s key and signing with {@code signer}. */
    void handshake(NodeKey claimed, NodeKey signer) throws IOException {
      handshake(claimed, signer, null);
    }

    /** As above; {@code piggyback}, if set, is sealed and sent in the same write as the auth frame. */
    void handshake(NodeKey claimed, NodeKey signer, byte[] piggyback) throws IOException {
      EphemeralKey eph = EphemeralKey.generate(RANDOM);
      out.write(new Hello(eph.publicKey()).write());
      byte[] theirHello = new byte[WireFormat.HELLO_SIZE];
      in.readFully(theirHello);
      SessionKeys keys = KeySchedule.derive(eph, Hello.read(theirHello).value().ephemeralPublicKey()).orElseThrow();
      sealer = new FrameSealer(keys.sendKey());
      opener = new FrameOpener(keys.receiveKey());
      AuthMessage auth = new AuthMessage(NETWORK, claimed.publicKey(), signer.sign(Handshake.signedHash(NETWORK, keys.challenge())));
      byte[] authFrame = sealer.seal(auth.write());
      if (piggyback == null) {
        out.write(authFrame);
      } else {
        byte[] extra = sealer.seal(piggyback);
        byte[] both = new byte[authFrame.length + extra.length];
        System.arraycopy(authFrame, 0, both, 0, authFrame.length);
        System.arraycopy(extra, 0, both, authFrame.length, extra.length);
        out.write(both);
      }
      byte[] theirAuth = new byte[4 + WireFormat.AUTH_SIZE + 16];
      in.readFully(theirAuth);
      opener.open(theirAuth).orElseThrow();
    }

    void send(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Reads the host's next frame and opens it: an envelope plaintext. */
    byte[] readPlaintext() throws IOException {
      int length = in.readInt();
      byte[] frame = new byte[4 + length];
      java.nio.ByteBuffer.wrap(frame).putInt(length);
      in.readFully(frame, 4, length);
      return opener.open(frame).orElseThrow(() -> new IOException("frame failed authentication"));
    }

    /** Sends a valid hello with a fresh ephemeral key, the handshake's first message, and nothing after it. */
    void sendHello() throws IOException {
      send(new Hello(EphemeralKey.generate(RANDOM).publicKey()).write());
    }

    /** True once the host has closed the connection (EOF or reset). */
    boolean closedByRemote() {
      try {
        byte[] buf = new byte[4096];
        while (true) {
          if (in.read(buf) < 0) {
            return true;
          }
        }
      } catch (SocketException e) {
        return true;
      } catch (IOException e) {
        return false; // timed out: still open
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
