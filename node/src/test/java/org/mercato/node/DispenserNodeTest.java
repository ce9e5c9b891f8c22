package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.testing.InProcessDevNode;
import org.mercato.node.testing.Rpc;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The dispenser at 0x…1003 as {@code mercato dev} serves it: web3j-signed create and dispense on an in-process dev
 * node, the balance read back by eth_call, the second request refused with DM§8's reason, and the listing.
 */
class DispenserNodeTest {
  private static final String FACTORY = "0x0000000000000000000000000000000000001001";
  private static final String DISPENSER = "0x0000000000000000000000000000000000001003";
  private static final long CHAIN_ID = 31337;
  private static final BigInteger GAS = BigInteger.valueOf(500_000);
  private static final Duration MINE = Duration.ofSeconds(30);
  private static final BigInteger E18 = BigInteger.TEN.pow(18);

  private static InProcessDevNode node;
  private static Rpc rpc;

  @BeforeAll
  static void start() {
    node = new InProcessDevNode(Duration.ofMillis(200), List.of());
    rpc = new Rpc(node.rpcUri());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void dispenseFreeDatatokensOnceThenTheBalanceRuleRefuses() {
    Credentials owner = DevAccounts.credentials(2);
    Credentials user = DevAccounts.credentials(3);
    JsonNode r1 = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createAsset",
        List.of(new Utf8String("Free"), new Utf8String("FRE")), List.of())));
    byte[] assetId = Numeric.hexStringToByteArray(r1.get("logs").get(0).get("topics").get(1).asText());
    JsonNode r2 = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createDatatoken",
        List.of(new Bytes32(assetId), new Utf8String("Free DT"), new Utf8String("FDT"),
            new Uint256(E18.multiply(BigInteger.valueOf(1000))), new Address(owner.getAddress())), List.of())));
    String token = "0x" + r2.get("logs").get(0).get("topics").get(1).asText().substring(26);
    mined(owner, DISPENSER, FunctionEncoder.encode(new Function("create", List.of(new Address(token), new Uint256(E18),
        new Uint256(E18), new Bool(true), new Address("0x0000000000000000000000000000000000000000")), List.of())));

    String dispense = FunctionEncoder.encode(new Function("dispense",
        List.of(new Address(token), new Uint256(E18), new Address(user.getAddress())), List.of()));
    mined(user, DISPENSER, dispense);
    String out = rpc.call("eth_call", Rpc.callObject(user.getAddress(), token, FunctionEncoder.encode(
        new Function("balanceOf", List.of(new Address(user.getAddress())), List.of()))), "latest").asText();
    assertEquals(E18, Numeric.toBigInt(out));

    String hash = rpc.sendCall(user, CHAIN_ID, DISPENSER, dispense, GAS);
    JsonNode receipt = rpc.waitForReceipt(hash, MINE);
    assertEquals("0x0", receipt.get("status").asText(), "second request refused: " + receipt);
  }

  @Test
  void systemContractsListsTheDispenser() {
    JsonNode list = rpc.call("mercato_systemContracts");
    List<String> addresses = list.findValuesAsText("address").stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
    int i = addresses.indexOf(DISPENSER);
    assertTrue(i > addresses.indexOf("0x0000000000000000000000000000000000001002"), "after the exchange: " + list);
    assertEquals("Dispenser", list.get(i).get("name").asText());
  }

  private static JsonNode mined(Credentials sender, String to, String data) {
    return rpc.mined(sender, CHAIN_ID, to, data, GAS, MINE);
  }
}
