package org.mercato.p2p.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.types.Address;

class NodeIdTest {
  @Test
  void nodeIdIsTheAddressOfTheNodeKey() {
    NodeKey key = NodeKey.of(PrivateKey.fromHex("0x4646464646464646464646464646464646464646464646464646464646464646"));
    // keccak256(pubkey)[12..32], the same 20 bytes as the Ethereum address of that key.
    assertEquals(Address.fromPublicKey(key.publicKey()).toHex().substring(2), key.id().toHex());
    assertEquals("9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f", key.id().toHex());
    assertEquals(key.id(), NodeId.fromHex("0x" + key.id().toHex()));
    assertEquals(40, key.id().toString().length());
    assertEquals("NodeKey[" + key.id() + "]", key.toString());
  }

  @Test
  void badHexIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> NodeId.fromHex("abcd"));
    assertThrows(IllegalArgumentException.class, () -> NodeId.fromHex("zz".repeat(20)));
  }
}
