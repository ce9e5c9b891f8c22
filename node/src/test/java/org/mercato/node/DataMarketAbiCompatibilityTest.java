package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.order.ConsumeMarketFee;
import org.mercato.market.data.order.OrderCalls;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.state.testing.TestChain;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

/**
 * The market's hand-written ABI (string[], bytes, Ocean's startOrder tuples) byte for byte against web3j's encoder and
 * decoder, so wallets and scripts that use a real ABI library reach the same functions (docs/spec/data-market.md §Orders).
 */
class DataMarketAbiCompatibilityTest {
  @Test
  void createAssetWithMetadataMatchesWeb3j() {
    String web3j = FunctionEncoder.encode(new Function("createAssetWithMetadata", List.of(new Utf8String("Weather"),
        new Utf8String("WX"), new Utf8String("d".repeat(40)),
        new DynamicArray<>(Utf8String.class, new Utf8String("weather"), new Utf8String("europe")), new Utf8String("CC0"),
        new Utf8String("text/csv"), new Uint256(10), new Bytes32(new byte[32]), new Uint256(3_600), new Uint8(5)), List.of()));
    Bytes mine = Abi.call("createAssetWithMetadata(string,string,string,string[],string,string,uint256,bytes32,uint256,uint8)",
        "Weather", "WX", "d".repeat(40), List.of("weather", "europe"), "CC0", "text/csv", 10L,
        org.apache.tuweni.bytes.Bytes32.ZERO, 3_600L, 5L);
    assertEquals(web3j, mine.toHexString());
  }

  @Test
  void getMetadataOutputDecodesWithWeb3j() {
    Bytes out = Abi.encode("desc", List.of("a", "bb"), "MIT", "text/plain", 7L, org.apache.tuweni.bytes.Bytes32.ZERO, 60L, 5L, true);
    @SuppressWarnings("rawtypes")
    List<TypeReference<Type>> types = List.of(ref(new TypeReference<Utf8String>() {}), ref(new TypeReference<DynamicArray<Utf8String>>() {}),
        ref(new TypeReference<Utf8String>() {}), ref(new TypeReference<Utf8String>() {}), ref(new TypeReference<Uint256>() {}),
        ref(new TypeReference<Bytes32>() {}), ref(new TypeReference<Uint256>() {}), ref(new TypeReference<Uint8>() {}),
        ref(new TypeReference<org.web3j.abi.datatypes.Bool>() {}));
    List<Type> v = FunctionReturnDecoder.decode(out.toHexString(), types);
    assertEquals("desc", v.get(0).getValue());
    @SuppressWarnings("unchecked")
    List<Utf8String> tags = (List<Utf8String>) v.get(1).getValue();
    assertEquals(List.of("a", "bb"), tags.stream().map(Utf8String::getValue).toList());
    assertEquals("text/plain", v.get(3).getValue());
    assertEquals(BigInteger.valueOf(60), v.get(6).getValue());
    assertEquals(true, v.get(8).getValue());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TypeReference<Type> ref(TypeReference<?> r) {
    return (TypeReference) r;
  }

  @Test
  void startOrderAndReuseOrderMatchWeb3jStructs() {
    ProviderFee fee = ProviderFee.sign(TestChain.KEYS.get(2), org.mercato.state.types.Address.fromHex(
        "0x00000000000000000000000000000000000000f1"), UInt256.valueOf(12345), UInt256.valueOf(99),
        Bytes.wrap("{\"id\":\"svc0\"}".getBytes(StandardCharsets.UTF_8)));
    DynamicStruct pf = new DynamicStruct(new Address(fee.address().toHex()), new Address(fee.token().toHex()),
        new Uint256(fee.amount().toBigInteger()), new Uint8(fee.v()), new Bytes32(fee.r().toArray()), new Bytes32(fee.s().toArray()),
        new Uint256(fee.validUntil().toBigInteger()), new DynamicBytes(fee.providerData().toArray()));
    StaticStruct cmf = new StaticStruct(new Address("0x00000000000000000000000000000000000000c2"),
        new Address("0x00000000000000000000000000000000000000f1"), new Uint256(7));
    String consumer = "0x00000000000000000000000000000000000000c9";
    String web3j = FunctionEncoder.encode(new Function("startOrder", List.of(new Address(consumer), new Uint256(3), pf, cmf),
        List.of()));
    assertEquals("0x79d9d7f3", web3j.substring(0, 10), "web3j derives Ocean's selector from the tuple types");
    Bytes mine = OrderCalls.startOrder(org.mercato.state.types.Address.fromHex(consumer), 3, fee,
        new ConsumeMarketFee(org.mercato.state.types.Address.fromHex("0x00000000000000000000000000000000000000c2"),
            org.mercato.state.types.Address.fromHex("0x00000000000000000000000000000000000000f1"), UInt256.valueOf(7)));
    assertEquals(web3j, mine.toHexString());

    byte[] tx = Numeric.hexStringToByteArray("0x" + "ab".repeat(32));
    String reuse = FunctionEncoder.encode(new Function("reuseOrder", List.of(new Bytes32(tx), pf), List.of()));
    assertEquals(reuse, OrderCalls.reuseOrder(new org.mercato.state.types.Hash(org.apache.tuweni.bytes.Bytes32.wrap(tx)), fee)
        .toHexString());
  }
}
