package org.mercato.genesis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mercato.state.chain.ChainParameters;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * The genesis file (format in docs/spec/genesis.md). Amounts are decimal strings in wei, so no JSON
 * number ever loses precision; addresses are 0x-hex. Unknown fields are refused: a typo in a genesis
 * file must not silently produce another chain.
 */
@JsonPropertyOrder({"about", "chainId", "timestamp", "blockGasLimit", "initialBaseFee", "minBaseFee", "alloc", "validators", "market"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenesisFile(
    @JsonProperty("about") String about,
    @JsonProperty(value = "chainId", required = true) long chainId,
    @JsonProperty(value = "timestamp", required = true) long timestamp,
    @JsonProperty(value = "blockGasLimit", required = true) long blockGasLimit,
    @JsonProperty(value = "initialBaseFee", required = true) String initialBaseFee,
    @JsonProperty(value = "minBaseFee", required = true) String minBaseFee,
    @JsonProperty(value = "alloc", required = true) Map<String, Allocation> alloc,
    @JsonProperty(value = "validators", required = true) List<Validator> validators,
    @JsonProperty("market") ObjectNode market) {

  public static final String ABOUT = "Mercato genesis. Format: docs/spec/genesis.md. Amounts are decimal wei strings.";

  /** An initial balance. */
  public record Allocation(@JsonProperty(value = "balance", required = true) String balance) {}

  /** A genesis validator: its address, uncompressed secp256k1 public key (64 bytes hex) and stake in wei. */
  @JsonPropertyOrder({"name", "address", "publicKey", "stake"})
  public record Validator(
      @JsonProperty("name") String name,
      @JsonProperty(value = "address", required = true) String address,
      @JsonProperty(value = "publicKey", required = true) String publicKey,
      @JsonProperty(value = "stake", required = true) String stake) {}

  public GenesisFile {
    alloc = new TreeMap<>(alloc);
    validators = List.copyOf(validators);
    market = market == null ? JsonNodeFactory.instance.objectNode() : market;
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  public static GenesisFile read(Path path) throws IOException {
    try {
      GenesisFile g = mapper().readValue(path.toFile(), GenesisFile.class);
      g.toChainParameters();
      return g;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("genesis file " + path + " is invalid: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IOException("genesis file " + path + " is invalid: " + e.getMessage(), e);
    }
  }

  public void write(Path path) throws IOException {
    Files.writeString(path, toJson() + "\n");
  }

  public String toJson() {
    try {
      return mapper().writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public JsonNode marketSection() {
    return market;
  }

  /** The consensus-relevant parameters; throws IllegalArgumentException naming the bad field. */
  public ChainParameters toChainParameters() {
    TreeMap<Address, Wei> allocations = new TreeMap<>();
    alloc.forEach((addr, a) -> {
      Address address;
      try {
        address = Address.fromHex(addr);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("alloc: bad address " + addr);
      }
      if (allocations.put(address, amount("alloc." + addr + ".balance", a.balance())) != null) {
        throw new IllegalArgumentException("alloc: address listed twice: " + addr);
      }
    });
    return new ChainParameters(chainId, timestamp, blockGasLimit,
        amount("initialBaseFee", initialBaseFee), amount("minBaseFee", minBaseFee), allocations);
  }

  static Wei amount(String field, String decimal) {
    try {
      return new Wei(new BigInteger(decimal));
    } catch (NumberFormatException | ArithmeticException | NullPointerException e) {
      throw new IllegalArgumentException(field + ": not a wei amount (decimal string): " + decimal);
    }
  }
}
