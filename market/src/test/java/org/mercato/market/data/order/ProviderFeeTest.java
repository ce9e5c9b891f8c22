package org.mercato.market.data.order;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.TestChain;
import org.mercato.state.types.Address;

/** Ocean's provider-fee digest (DM§10 vector), its signature check, and the order ABI's selector and topics (DM§9). */
class ProviderFeeTest {
  private static final KeyPair HARDHAT0 = TestChain.KEYS.get(0); // 0xf39F…2266
  static final Bytes VECTOR_DATA = Bytes.wrap(
      "{\"environment\":null,\"timestamp\":1700000000.0,\"dt\":\"0x0000000000000000000000000000000000000001\",\"id\":\"svc1\"}"
          .getBytes(StandardCharsets.UTF_8));

  @Test
  void digestVectorOfTheReference() {
    assertEquals(107, VECTOR_DATA.size());
    assertEquals(Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), HARDHAT0.address());
    ProviderFee f = new ProviderFee(HARDHAT0.address(), Address.ZERO, UInt256.ZERO, 27, Bytes32.ZERO, Bytes32.ZERO, UInt256.ZERO,
        VECTOR_DATA);
    assertEquals("0xe33a360361a8ccec68cc588dc9dd3cf90c0120f395fd17eddad60a60b7675e3a", f.message().toHex());
    assertEquals("0xf158008412f9d9879d8cec55bcd37eb4888b447a9ec04206aede8154941aa888", f.digest().toHex());
  }

  @Test
  void signedFeeRecoversItsProviderAndTamperingDoesNot() {
    ProviderFee f = ProviderFee.sign(HARDHAT0, Address.ZERO, UInt256.ZERO, UInt256.ZERO, VECTOR_DATA);
    assertEquals(Optional.of(HARDHAT0.address()), f.signer());
    ProviderFee moreMoney = new ProviderFee(f.address(), f.token(), UInt256.ONE, f.v(), f.r(), f.s(), f.validUntil(), f.providerData());
    assertEquals(false, moreMoney.signer().equals(Optional.of(HARDHAT0.address())));
    ProviderFee otherData = new ProviderFee(f.address(), f.token(), f.amount(), f.v(), f.r(), f.s(), f.validUntil(), Bytes.of(1));
    assertEquals(false, otherData.signer().equals(Optional.of(HARDHAT0.address())));
    ProviderFee badV = new ProviderFee(f.address(), f.token(), f.amount(), f.v() - 27, f.r(), f.s(), f.validUntil(), f.providerData());
    assertEquals(Optional.empty(), badV.signer(), "v must be 27 or 28, as ecrecover");
    // Decoding the ABI tuple gives the same struct back.
    Bytes args = Abi.encode(32L);
    ProviderFee back = ProviderFee.decode(Abi.args(Bytes.concatenate(args, f.encodeTuple()), 0), 0);
    assertEquals(f, back);
    // A remembered recovery answers for an equal struct (decoded from calldata), and only for an equal one.
    assertEquals(Optional.of(HARDHAT0.address()), back.signer());
    assertEquals(false, moreMoney.signer().equals(Optional.of(HARDHAT0.address())), "asked again: still not the provider");
    assertEquals(Optional.empty(), badV.signer());
  }

  @Test
  void oceanSelectorAndTopics() {
    assertEquals(Bytes.fromHexString("0x79d9d7f3"), DatatokenContract.START_ORDER);
    assertEquals(Bytes32.fromHexString("0xe1c4fa794edfa8f619b8257a077398950357b9c6398528f94480307352f9afcc"),
        Orders.ORDER_STARTED_TOPIC);
    assertEquals(Bytes32.fromHexString("0xf8ed11cdaaf10eca2b6c941fb802cb8682afe86cac1eb93f70d0780fa062c544"),
        Orders.PROVIDER_FEE_TOPIC);
  }
}
